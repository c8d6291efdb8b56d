import type { Finding, TextEdit } from '../core/finding.ts';
import type { JsonObject, JsonValue } from '../core/json.ts';
import type { ResourceRef } from '../core/resource-ref.ts';
import { sortFindings } from './order.ts';

function resourceJson(ref: ResourceRef | undefined): JsonObject {
  const out: JsonObject = {
    apiVersion: ref?.apiVersion ?? '',
    kind: ref?.kind ?? '',
    name: ref?.name ?? '',
  };
  if (ref?.namespace !== undefined) out['namespace'] = ref.namespace;
  return out;
}

function editJson(edit: TextEdit): JsonObject {
  return { file: edit.file, startLine: edit.startLine, endLine: edit.endLine, lines: [...edit.lines] };
}

/** One finding in the JSON report, keys in their documented order. */
export function findingJson(finding: Finding): JsonObject {
  const out: JsonObject = {
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    policy: finding.policy,
    rule: finding.rule,
    layer: finding.layer,
    severity: finding.severity,
    action: finding.action,
    message: finding.message,
    resource: resourceJson(finding.resource),
    path: finding.path,
    fixable: finding.fixable,
  };
  if (finding.edits !== undefined) out['edits'] = finding.edits.map(editJson);
  if (finding.fixNote !== undefined) out['fixNote'] = finding.fixNote;
  if (finding.roots !== undefined) out['roots'] = [...finding.roots];
  if (finding.classification !== undefined) out['classification'] = finding.classification;
  return out;
}

/** The JSON report as an object: `findings` first (sorted), then the caller's extra keys. */
export function jsonReport(findings: readonly Finding[], extra: Readonly<Record<string, JsonValue>> = {}): JsonObject {
  const out: JsonObject = { findings: sortFindings(findings).map(findingJson) };
  for (const [key, value] of Object.entries(extra)) {
    if (key !== 'findings') out[key] = value;
  }
  return out;
}

/** `preadmit check --format json`: the report, pretty-printed, with a final newline. */
export function formatJson(findings: readonly Finding[], extra: Readonly<Record<string, JsonValue>> = {}): string {
  return JSON.stringify(jsonReport(findings, extra), null, 2) + '\n';
}
