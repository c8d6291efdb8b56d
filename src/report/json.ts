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
  return [...jsonChunks(findings, extra)].join('');
}

/** Pretty-printed JSON of a value whose text starts after `indent` spaces: lines after the first are indented too. */
const nested = (value: JsonValue, indent: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

/**
 * The JSON report's text in pieces, each ending with a line break: exactly
 * `JSON.stringify(jsonReport(findings, extra), null, 2)` and a final newline, but one finding
 * at a time, so a report larger than the longest string the runtime allows (hundreds of
 * thousands of findings) can still be written.
 */
export function* jsonChunks(findings: readonly Finding[], extra: Readonly<Record<string, JsonValue>> = {}): Generator<string> {
  const rest = Object.entries(extra).filter(([key]) => key !== 'findings');
  yield '{\n';
  const sorted = sortFindings(findings);
  const after = rest.length > 0 ? ',' : '';
  if (sorted.length === 0) yield `  "findings": []${after}\n`;
  else {
    yield '  "findings": [\n';
    for (const [i, finding] of sorted.entries()) yield `    ${nested(findingJson(finding), '    ')}${i < sorted.length - 1 ? ',' : ''}\n`;
    yield `  ]${after}\n`;
  }
  for (const [i, [key, value]] of rest.entries()) yield `  ${JSON.stringify(key)}: ${nested(value, '  ')}${i < rest.length - 1 ? ',' : ''}\n`;
  yield '}\n';
}
