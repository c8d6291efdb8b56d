import { fromPointer, getAtPointer, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import type { FieldSource } from '../types.ts';
import { blockLines, findKeyLine, keyLines } from './template-lines.ts';
import type { KeyLine } from './template-lines.ts';
import { includedNames } from './named-templates.ts';
import { isToYaml, valuesReferences, valuesSource } from './values-refs.ts';
import type { ValuesFile } from './values-refs.ts';

export interface TemplateSegment {
  /** Tree-relative template file. */
  file: string;
  lines: readonly string[];
  /** 1-based inclusive line span of the document's part of the template. */
  first: number;
  last: number;
}

/** The template part (between `---` lines) that emits the `ordinal`-th rendered document of `kind` from this template. */
export function templateSegment(file: string, text: string, kind: string, ordinal: number): TemplateSegment {
  const lines = text.split(/\r?\n/);
  const spans: { first: number; last: number }[] = [];
  let first = 1;
  lines.forEach((line, index) => {
    if (/^---(\s|$)/.test(line)) {
      spans.push({ first, last: index });
      first = index + 2;
    }
  });
  spans.push({ first, last: lines.length });
  const kindLine = new RegExp(`^kind:\\s*["']?${kind.replace(/[^\w]/g, '')}["']?\\s*(#.*)?$`);
  const withKind = spans.filter((span) => lines.slice(span.first - 1, span.last).some((line) => kindLine.test(line)));
  const span = withKind[ordinal] ?? withKind[withKind.length - 1] ?? { first: 1, last: lines.length };
  return { file, lines, ...span };
}

function lineRange(lines: readonly string[], line: number): Range {
  const text = lines[line - 1] ?? '';
  return { start: { line, column: text.length - text.trimStart().length + 1 }, end: { line, column: text.length + 1 } };
}

/** The keys of a pointer (list indices dropped) and, for each, the number of pointer segments up to it. */
function keysOf(object: JsonValue, pointer: string): { keys: string[]; ends: number[]; segments: string[] } {
  const segments = fromPointer(pointer);
  const keys: string[] = [];
  const ends: number[] = [];
  let current: JsonValue | undefined = object;
  segments.forEach((segment, index) => {
    if (isObject(current)) {
      keys.push(segment);
      ends.push(index + 1);
      current = current[segment];
    } else if (Array.isArray(current)) {
      current = current[Number(segment)];
    }
  });
  return { keys, ends, segments };
}

/** A `with .Values.x` a few lines above a `toYaml .` line makes `.` mean `.Values.x`. */
function withReference(lines: readonly string[], line: number, first: number): string[] | undefined {
  for (let number = line; number >= Math.max(first, line - 3); number--) {
    const match = /\bwith\s+\$?\.Values((?:\.[A-Za-z_][\w-]*)+)/.exec(lines[number - 1] ?? '');
    if (match) return (match[1] ?? '').slice(1).split('.');
  }
  return undefined;
}

/**
 * Map a field of a rendered document to its template line, or to the values
 * file line its value comes from. Heuristic (the template is not evaluated):
 * 1. find the template line that emits the pointer's keys (list indices
 *    dropped) at the best-matching nesting (see findKeyLine);
 * 2. if that line emits the field itself and its value is `.Values.a.b`
 *    (the rendered value equals a.b's, or contains it when a.b is the only
 *    reference on the line), answer the values-file line of a.b (the last
 *    `-f` file that sets it, else the chart's values.yaml); a value composed
 *    of several references (`{{ .Values.repo }}:{{ .Values.tag }}`) stays on
 *    the template line, which is where the composition is written;
 * 3. if only an ancestor key is emitted and its block holds
 *    `toYaml .Values.x` (or `toYaml .` inside `with .Values.x`), answer the
 *    values line of x plus the rest of the pointer;
 * 4. if the ancestor's block includes a named template (`include "x.labels"`),
 *    the key line inside its `define` (usually in _helpers.tpl), or the
 *    values line its value comes from, as in 2;
 * 5. otherwise the template line found, else the first line of the template part.
 */
export function helmSourceOf(
  object: JsonObject,
  segment: TemplateSegment,
  values: readonly ValuesFile[],
  defines: ReadonlyMap<string, TemplateSegment> = new Map(),
): (pointer: string) => FieldSource | undefined {
  const keys = keyLines(segment.lines, segment.first, segment.last);
  const firstKey: KeyLine | undefined = keys[0];
  const fallback: FieldSource = { file: segment.file, range: lineRange(segment.lines, firstKey?.line ?? segment.first) };
  return (pointer: string): FieldSource | undefined => {
    const value = getAtPointer(object, pointer);
    if (value === undefined) return undefined;
    const path = keysOf(object, pointer);
    if (path.keys.length === 0) return fallback;
    const found = findKeyLine(keys, path.keys);
    if (!found) return fallback;
    const { keyLine, depth } = found;
    const atTemplate: FieldSource = { file: segment.file, range: lineRange(segment.lines, keyLine.line) };
    if (depth === path.keys.length) return valueLineSource(segment, keyLine.line, value, values) ?? atTemplate;
    const rest = path.segments.slice(path.ends[depth - 1] ?? path.segments.length);
    for (const line of blockLines(segment.lines, keyLine, segment.last)) {
      const lineText = segment.lines[line - 1] ?? '';
      const refs = valuesReferences(lineText).filter((ref) => isToYaml(lineText, ref));
      if (/toYaml\s+\.(\s|\||$|\))/.test(lineText)) {
        const ref = withReference(segment.lines, keyLine.line, segment.first);
        if (ref) refs.push(ref);
      }
      for (const ref of refs) {
        const source = valuesSource(values, [...ref, ...rest]);
        if (source) return { file: source.file, range: source.range };
      }
      for (const name of includedNames(lineText)) {
        const named = defines.get(name);
        const inNamed = named ? findKeyLine(keyLines(named.lines, named.first, named.last), path.keys.slice(depth)) : undefined;
        if (named && inNamed && inNamed.depth === path.keys.length - depth) {
          return valueLineSource(named, inNamed.keyLine.line, value, values) ?? { file: named.file, range: lineRange(named.lines, inNamed.keyLine.line) };
        }
      }
    }
    return atTemplate;
  };
}

/**
 * The values-file line of a field written on a template key line, when its
 * value is `.Values.a.b` (the rendered value equals a.b's, or contains it when
 * a.b is the only reference), or a `toYaml` of it.
 */
function valueLineSource(segment: TemplateSegment, line: number, value: JsonValue, values: readonly ValuesFile[]): FieldSource | undefined {
  const text = segment.lines[line - 1] ?? '';
  const afterKey = text.slice(text.indexOf(':') + 1);
  const rendered = typeof value === 'object' && value !== null ? undefined : String(value);
  const sources = valuesReferences(afterKey).map((ref) => ({ ref, source: valuesSource(values, ref) }));
  for (const { ref, source } of sources) {
    if (!source) continue;
    const scalar = typeof source.value === 'object' && source.value !== null ? undefined : String(source.value);
    if (isToYaml(afterKey, ref) || (rendered !== undefined && scalar === rendered)) return { file: source.file, range: source.range };
  }
  const only = sources.length === 1 ? sources[0]?.source : undefined;
  const onlyScalar = only && (typeof only.value !== 'object' || only.value === null) ? String(only.value) : '';
  // One reference inside some literal text ("{{ .Values.port }}/TCP"): still that key's line.
  if (only && onlyScalar !== '' && rendered?.includes(onlyScalar)) return { file: only.file, range: only.range };
  return undefined;
}
