import { escapePointerSegment, getAtPointer } from '../../core/json.ts';
import type { JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import type { RangedDocument } from '../yaml-ranges.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

/** A values file of a release, in `-f` order (the chart's own values.yaml first). */
export interface ValuesFile {
  file: string;
  doc: RangedDocument | undefined;
  /** Keys under which this file holds the chart's values (a parent chart's values for a subchart). */
  prefix: readonly string[];
}

/** `.Values.a.b` and `.Values.a.b | toYaml`-style references on a line, as key paths. */
export function valuesReferences(line: string): string[][] {
  const out: string[][] = [];
  for (const match of line.matchAll(/\$?\.Values((?:\.[A-Za-z_][\w-]*)+)/g)) {
    out.push((match[1] ?? '').slice(1).split('.'));
  }
  return out;
}

/** Whether a reference is the whole value of a `toYaml` (its keys continue in the rendered object). */
export function isToYaml(line: string, path: readonly string[]): boolean {
  const escaped = path.map(escapeRegExp).join('\\.');
  return new RegExp(`toYaml\\s+\\$?\\.Values\\.${escaped}(?![\\w.])`).test(line);
}

/**
 * The keys a line leaves out of a reference it renders with `toYaml`: `omit .Values.x "enabled" | toYaml`
 * or `toYaml (omit .Values.x "enabled")` render x without its `enabled` key (undefined for any other use).
 */
export function omittedKeys(line: string, path: readonly string[]): string[] | undefined {
  const escaped = path.map(escapeRegExp).join('\\.');
  const omit = `omit\\s+\\$?\\.Values\\.${escaped}((?:\\s+"[^"]+")+)`;
  const match = new RegExp(`${omit}\\s*\\|\\s*toYaml\\b`).exec(line) ?? new RegExp(`toYaml\\s+\\(\\s*${omit}\\s*\\)`).exec(line);
  return match ? [...(match[1] ?? '').matchAll(/"([^"]+)"/g)].map((key) => key[1] ?? '') : undefined;
}

/** A values key as written in one values file. */
export interface ValuesPlace {
  file: string;
  range: Range;
  value: JsonValue;
  /** Keys of the values key the template leaves out (see omittedKeys): the rendered object is the rest. */
  omitted?: readonly string[];
  /** Its pointer in the values document, and that document's index in the file. */
  pointer: string;
  documentIndex: number;
}

/** The place of a values key path in the last values file that sets it (later files override earlier ones). */
export function valuesSource(files: readonly ValuesFile[], path: readonly (string | number)[]): ValuesPlace | undefined {
  for (let index = files.length - 1; index >= 0; index--) {
    const values = files[index];
    if (!values?.doc) continue;
    const pointer = [...values.prefix, ...path].map((segment) => '/' + escapePointerSegment(segment)).join('');
    const value = getAtPointer(values.doc.value, pointer);
    const range = values.doc.ranges.get(pointer);
    if (value !== undefined && range) return { file: values.file, range, value, pointer, documentIndex: values.doc.index };
  }
  return undefined;
}
