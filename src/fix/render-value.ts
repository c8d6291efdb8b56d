import { isArray, isObject, type JsonPrimitive, type JsonValue } from '../core/json.ts';
import { scalarText } from './scalar-text.ts';

/** How new YAML is written so that it looks like the document around it. */
export interface Layout {
  /** Columns a nested mapping is indented by. */
  unit: number;
  /** Columns the `-` of a block sequence is indented by, relative to its key (0 = not indented). */
  seqOffset: number;
  /** Quotes for strings that cannot be plain. */
  quote: 'single' | 'double';
  /** The file is JSON: write JSON literals. */
  json: boolean;
}

const pad = (column: number): string => ' '.repeat(column);

export function keyText(key: string, layout: Layout, inFlow: boolean): string {
  return scalarText(key, { preferred: 'plain', fallback: layout.quote, inFlow, json: layout.json });
}

export function valueScalarText(value: JsonPrimitive, layout: Layout, inFlow: boolean): string {
  return scalarText(value, { preferred: 'plain', fallback: layout.quote, inFlow, json: layout.json });
}

/** A value in flow style on one line: `{a: 1, b: [x]}` (JSON in a JSON file). */
export function flowText(value: JsonValue, layout: Layout): string {
  if (isArray(value)) return `[${value.map((v) => flowText(v, layout)).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${keyText(k, layout, true)}: ${flowText(v, layout)}`);
    return `{${entries.join(', ')}}`;
  }
  return valueScalarText(value, layout, true);
}

const isEmptyCollection = (value: JsonValue): boolean =>
  (isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);

/** A mapping entry in block style, its key at `column`: one line per scalar, nested lines for collections. */
export function pairLines(key: string, value: JsonValue, column: number, layout: Layout): string[] {
  const head = `${pad(column)}${keyText(key, layout, false)}:`;
  if (!isArray(value) && !isObject(value)) return [`${head} ${valueScalarText(value, layout, false)}`];
  if (isEmptyCollection(value)) return [`${head} ${flowText(value, layout)}`];
  if (isArray(value)) return [head, ...value.flatMap((item) => itemLines(item, column + layout.seqOffset, layout))];
  return [head, ...Object.entries(value).flatMap(([k, v]) => pairLines(k, v, column + layout.unit, layout))];
}

/** Put `- ` in front of the first line of lines written at `column + 2`. */
function dashed(lines: string[], column: number): string[] {
  const [first, ...rest] = lines;
  return first === undefined ? [] : [`${pad(column)}- ${first.slice(column + 2)}`, ...rest];
}

/** A block sequence item, its `-` at `column`. Mapping items start on the dash line. */
export function itemLines(value: JsonValue, column: number, layout: Layout): string[] {
  if ((!isArray(value) && !isObject(value)) || isEmptyCollection(value)) {
    return [`${pad(column)}- ${isArray(value) || isObject(value) ? flowText(value, layout) : valueScalarText(value, layout, false)}`];
  }
  const inner = column + 2;
  if (isArray(value)) return dashed(value.flatMap((item) => itemLines(item, inner, layout)), column);
  return dashed(Object.entries(value).flatMap(([k, v]) => pairLines(k, v, inner, layout)), column);
}
