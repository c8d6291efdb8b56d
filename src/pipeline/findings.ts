import type { Finding } from '../core/finding.ts';
import { resourceRef } from '../core/resource-ref.ts';
import type { RuleResult } from '../engine/types.ts';
import { locatePointer } from '../locate/locate.ts';
import type { ParseProblem, SourcedResource } from '../manifest/types.ts';

/** A rule result on a sourced resource becomes a finding at the line of the offending field. */
export function toFinding(result: RuleResult, resource: SourcedResource): Finding | undefined {
  if (result.status === 'pass' || result.status === 'skip') return undefined;
  const path = result.paths[0] ?? '';
  const { range } = locatePointer(resource.origin, path);
  const finding: Finding = {
    file: resource.origin.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    policy: result.policy.name,
    rule: result.rule,
    layer: result.policy.layer,
    severity: result.policy.severity,
    action: result.action,
    status: result.status,
    message: result.message,
    resource: resourceRef(resource.object),
    path,
    fixable: result.fix !== undefined,
  };
  if (result.fix) finding.fix = result.fix;
  if (result.policy.title) finding.title = result.policy.title;
  if (result.policy.category) finding.category = result.policy.category;
  if (result.policy.description) finding.description = result.policy.description;
  return finding;
}

/**
 * A file preadmit could not read as YAML: a located, blocking error — never a silent pass. A
 * notice (a document read all the same, see ParseProblem.notice) is low and does not block.
 */
export function problemFinding(problem: ParseProblem): Finding {
  const place = {
    file: problem.file,
    line: problem.range.start.line,
    column: problem.range.start.column,
    endLine: problem.range.end.line,
    endColumn: problem.range.end.column,
    policy: 'preadmit',
    path: '',
    fixable: false,
  };
  if (problem.notice) {
    return { ...place, rule: 'lenient-yaml', layer: 'operations', severity: 'low', action: 'Audit', status: 'warn', message: problem.message, title: 'YAML only lenient readers accept' };
  }
  return {
    ...place,
    rule: 'invalid-manifest',
    layer: 'security',
    severity: 'high',
    action: 'Enforce',
    status: 'error',
    message: problem.document ? problem.message : `${problem.message} — fix the file so it parses; nothing in it was checked.`,
    title: 'Manifest cannot be read',
  };
}
