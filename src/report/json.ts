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
export const nestedJson = (value: JsonValue, indent: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

/** The JSON report written as its findings come (see jsonReportStream). */
export interface JsonReportStream {
  /** The next findings, in report order (sorted, as jsonReport sorts them). */
  add(findings: readonly Finding[]): void;
  /** The keys after `findings`, then the closing brace. */
  end(extra?: Readonly<Record<string, JsonValue>>): void;
}

/**
 * The JSON report's text, written through `write` in pieces that each end with a line break:
 * exactly `JSON.stringify(jsonReport(findings, extra), null, 2)` and a final newline, for
 * findings given already in report order, a group at a time, so neither the findings nor the
 * text need to be held whole. Each finding's text is held until the next comes (only the
 * last one has no comma).
 */
/** Findings stringified together by jsonReportStream. */
const GROUP = 64;

export function jsonReportStream(write: (text: string) => void): JsonReportStream {
  let held: string | undefined;
  return {
    add(findings) {
      // up to GROUP findings at a time as the report's array holds them, indented and separated
      // by one native stringify (the text between the array's first line and its last): a
      // group's text stays small, whatever the number of findings given at once
      for (let at = 0; at < findings.length; at += GROUP) {
        const text = JSON.stringify({ findings: findings.slice(at, at + GROUP).map(findingJson) }, null, 2);
        write(held === undefined ? '{\n  "findings": [\n' : `${held},\n`);
        held = text.slice(text.indexOf('[\n') + 2, text.lastIndexOf('\n  ]'));
      }
    },
    end(extra = {}) {
      const rest = Object.entries(extra).filter(([key]) => key !== 'findings');
      const after = rest.length > 0 ? ',' : '';
      write(held === undefined ? `{\n  "findings": []${after}\n` : `${held}\n  ]${after}\n`);
      for (const [i, [key, value]] of rest.entries()) write(`  ${JSON.stringify(key)}: ${nestedJson(value, '  ')}${i < rest.length - 1 ? ',' : ''}\n`);
      write('}\n');
    },
  };
}

/**
 * The JSON report's text in pieces, each ending with a line break: exactly
 * `JSON.stringify(jsonReport(findings, extra), null, 2)` and a final newline, but one finding
 * at a time, so a report larger than the longest string the runtime allows (hundreds of
 * thousands of findings) can still be written.
 */
export function* jsonChunks(findings: readonly Finding[], extra: Readonly<Record<string, JsonValue>> = {}): Generator<string> {
  let pieces: string[] = [];
  const stream = jsonReportStream((text) => pieces.push(text));
  for (const finding of sortFindings(findings)) {
    stream.add([finding]);
    yield* pieces;
    pieces = [];
  }
  stream.end(extra);
  yield* pieces;
}
