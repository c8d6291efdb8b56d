import type { Finding } from '../core/finding.ts';
import { isObject, type JsonObject } from '../core/json.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { ChangedFile } from './changed-files.ts';
import { basePath } from './evaluate-change.ts';

/** A Kyverno PolicyException of any dialect (kyverno.io/v2, v2beta1, policies.kyverno.io). */
function isException(object: JsonObject): boolean {
  const apiVersion = object['apiVersion'];
  return object['kind'] === 'PolicyException' && typeof apiVersion === 'string' && apiVersion.includes('kyverno.io/');
}

function identity(object: JsonObject): string {
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  return `${String(metadata['namespace'] ?? '')}/${String(metadata['name'] ?? '')}`;
}

/**
 * PolicyExceptions a pull request adds or changes in its changed manifests. They are never
 * applied to the pull request itself (exceptions come from the base branch, the configured
 * policy folders and the organisation's policy repository); each is a blocking finding on its
 * document, for the policy owners to review. Pure.
 */
export function exceptionFindings(changes: readonly ChangedFile[], head: ReadonlyMap<string, string>, base: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    const headText = head.get(change.filename);
    if (headText === undefined) continue;
    const headDocs = parseManifestText(change.filename, headText).resources.filter((r) => isException(r.object));
    if (headDocs.length === 0) continue;
    const from = basePath(change);
    const baseText = from === undefined ? undefined : base.get(from);
    const before = new Map<string, string>();
    if (baseText !== undefined) for (const r of parseManifestText(from ?? change.filename, baseText).resources) if (isException(r.object)) before.set(identity(r.object), JSON.stringify(r.object));
    for (const doc of headDocs) {
      const id = identity(doc.object);
      const previous = before.get(id);
      if (previous === JSON.stringify(doc.object)) continue;
      const range = doc.origin.documentRange;
      const name = id.startsWith('/') ? id.slice(1) : id;
      findings.push({
        file: change.filename,
        line: range.start.line,
        column: range.start.column,
        endLine: range.start.line,
        endColumn: range.start.column,
        policy: 'preadmit',
        rule: 'policy-exception-review',
        layer: 'security',
        severity: 'high',
        action: 'Enforce',
        status: 'fail',
        message: `PolicyException ${name} is ${previous === undefined ? 'added' : 'changed'} by this pull request: it needs review by the policy owners and is not applied to this pull request's own resources (exceptions take effect once merged).`,
        path: '',
        fixable: false,
        title: 'PolicyException needs review by the policy owners',
        resource: { apiVersion: String(doc.object['apiVersion']), kind: 'PolicyException', name: name.split('/').pop() ?? name, ...(name.includes('/') ? { namespace: name.split('/')[0] ?? '' } : {}) },
      });
    }
  }
  return findings;
}
