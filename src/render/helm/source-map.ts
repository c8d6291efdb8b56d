import { deepEqual, escapePointerSegment, fromPointer, getAtPointer, isObject, toPointer } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import type { FieldSource } from '../types.ts';
import { directLines, findKeyLine, itemLines, keyLines } from './template-lines.ts';
import type { ItemLines, KeyLine } from './template-lines.ts';
import { includedNames } from './named-templates.ts';
import { dictBindings, withBindings, withDotScopes, withValueVariables } from './dict-bindings.ts';
import { isToYaml, omittedKeys, valuesReferences, valuesSource } from './values-refs.ts';
import { includedItem, pickItem, type IncludedItem } from './template-items.ts';
import { writesOtherValue } from './written-value.ts';
import type { ValuesFile, ValuesPlace } from './values-refs.ts';

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

/** The values keys a line of a key's block renders with `toYaml`: `.Values.x`, or `.` inside `with .Values.x` above the key. */
function toYamlRefs(part: TemplateSegment, keyLine: KeyLine, line: number): string[][] {
  const text = part.lines[line - 1] ?? '';
  const refs = valuesReferences(text).filter((ref) => isToYaml(text, ref) || omittedKeys(text, ref) !== undefined);
  if (/toYaml\s+\.(\s|\||$|\))/.test(text)) {
    const ref = withReference(part.lines, keyLine.line, part.first);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** Where a rendered field comes from: the line a person edits and, when its value is a values key's verbatim, that key. */
export interface HelmSource {
  source: FieldSource;
  /** The values key whose value the field is, unchanged (an edit there changes the field and only it). */
  values?: ValuesPlace;
  /**
   * The field is not rendered: its template key sits in a block that renders only when a
   * values key is set (`{{- with .Values.x }} key: {{- toYaml . | nindent N }}`), and that key,
   * `values`, is empty. Setting it there renders the field as set. Only fix edits use this.
   */
  absent?: true;
  /**
   * No values file sets the key (`values` is where it goes: in the chart's values.yaml, under its
   * parent): with `absent`, the field is not rendered; without, it renders as null (`toYaml` of nothing).
   */
  unset?: true;
}

/**
 * Where a values key no values file sets would be added: in the first values file (the
 * chart's own values.yaml), under its parent mapping there (the document's, for a top-level
 * key); undefined when that parent is not a mapping of the file.
 */
function unsetValuesKey(files: readonly ValuesFile[], path: readonly string[]): ValuesPlace | undefined {
  const own = files[0];
  const doc = own?.doc;
  if (own === undefined || doc === undefined) return undefined;
  const parent = [...own.prefix, ...path.slice(0, -1)].map((segment) => '/' + escapePointerSegment(segment)).join('');
  const range = doc.ranges.get(parent);
  if (!isObject(getAtPointer(doc.value, parent)) || range === undefined) return undefined;
  return { file: own.file, range, value: null, pointer: `${parent}/${escapePointerSegment(path[path.length - 1] ?? '')}`, documentIndex: doc.index };
}

/** A field's place, unless the field is not rendered (an absent field's values key is for fix edits only). */
export const presentSource = (source: HelmSource | undefined): HelmSource | undefined => (source?.absent ? undefined : source);

/** A values key that renders as nothing under `with` (and `toYaml` of it as an empty value). */
const isEmptyValue = (value: JsonValue): boolean =>
  value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);

/** A values mapping without the keys a template omits. */
function without(value: JsonValue, omitted: readonly string[] | undefined): JsonValue {
  if (omitted === undefined || !isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !omitted.includes(key)));
}

/** Keep a values place only when the rendered value is that key's value as written (less the keys the template omits). */
function verbatim(place: ValuesPlace | undefined, value: JsonValue, omitted?: readonly string[]): ValuesPlace | undefined {
  if (place === undefined) return undefined;
  if (omitted !== undefined) return isObject(place.value) && deepEqual(without(place.value, omitted), value) ? { ...place, omitted } : undefined;
  return deepEqual(place.value, value) ? place : undefined;
}

function placeSource(place: ValuesPlace, value: JsonValue, omitted?: readonly string[]): HelmSource {
  const out: HelmSource = { source: { file: place.file, range: place.range } };
  const exact = verbatim(place, value, omitted);
  if (exact) out.values = exact;
  return out;
}

/**
 * The key lines a pointer's keys are looked for among: narrowed to the `- ` item of each list
 * element it goes through, one list at a time (by the element's name, else its position),
 * with the innermost item and the number of keys before it. `complete` is false when an item
 * was not found (the narrowing stopped there).
 */
function narrowToItems(
  object: JsonObject,
  segment: TemplateSegment,
  keys: readonly KeyLine[],
  path: { keys: string[]; segments: string[] },
  defines: ReadonlyMap<string, TemplateSegment>,
  values: readonly ValuesFile[],
): { scope: readonly KeyLine[]; item?: { item: ItemLines; keys: number }; complete: boolean; included?: IncludedItem } {
  let scope = keys;
  let item: { item: ItemLines; keys: number } | undefined;
  let container: JsonValue | undefined = object;
  let keyCount = 0;
  for (const [index, part] of path.segments.entries()) {
    if (Array.isArray(container)) {
      const listKey = findKeyLine(scope, path.keys.slice(0, keyCount));
      if (!listKey || listKey.depth !== keyCount) return { scope, ...(item ? { item } : {}), complete: false };
      const items = itemLines(segment.lines, listKey.keyLine, segment.last);
      const named = includedItem(segment, listKey.keyLine, items, container[Number(part)], defines);
      if (named) return { scope, complete: true, included: { named, at: toPointer(path.segments.slice(0, index + 1)) } };
      const picked = pickItem(items, segment.lines, container[Number(part)], Number(part), values);
      if (!picked) return { scope, ...(item ? { item } : {}), complete: false };
      item = { item: picked, keys: keyCount };
      scope = scope.filter((k) => k.line >= picked.line && k.line <= picked.last);
      container = container[Number(part)];
    } else {
      keyCount++;
      container = isObject(container) ? container[part] : undefined;
    }
  }
  return { scope, ...(item ? { item } : {}), complete: true };
}

/**
 * Map a field of a rendered document to its template line, or to the values
 * file line its value comes from. Heuristic (the template is not evaluated):
 * 1. find the template line that emits the pointer's keys at the best-matching
 *    nesting (see findKeyLine); a list element is found among the `- ` items of
 *    its list (by its name, else its position), and the keys inside it are
 *    searched in that item only; a pointer to an element is its `- ` line;
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
 * 5. otherwise the template line found (or list item), else the first line of the template part.
 */
export function helmSourceMap(
  object: JsonObject,
  template: TemplateSegment,
  values: readonly ValuesFile[],
  defines: ReadonlyMap<string, TemplateSegment> = new Map(),
): (pointer: string) => HelmSource | undefined {
  const own = keyLines(template.lines, template.first, template.last);
  const included = own.length === 0 ? soleInclude(template, object, defines) : undefined;
  // variables set to values keys read as those keys
  const segment = withValueVariables(withDotScopes(included?.segment ?? template));
  const keys = included?.keys ?? own;
  const firstKey: KeyLine | undefined = keys[0];
  const fallback: HelmSource = { source: { file: segment.file, range: lineRange(segment.lines, firstKey?.line ?? segment.first) } };
  const at = (line: number): HelmSource => ({ source: { file: segment.file, range: lineRange(segment.lines, line) } });
  return (pointer: string): HelmSource | undefined => {
    const value = getAtPointer(object, pointer);
    if (value === undefined) return absentSource(pointer);
    const path = keysOf(object, pointer);
    if (path.keys.length === 0) return fallback;
    const { scope, item, included } = narrowToItems(object, segment, keys, path, defines, values);
    if (included) return inIncluded(included, pointer);
    const itemSource = item ? at(item.item.line) : undefined;
    const found = findKeyLine(scope, path.keys, (keyLine) => writesOtherValue(segment.lines[keyLine.line - 1] ?? '', value, values));
    if (!found || (item && found.depth <= item.keys)) {
      if (itemSource && item) return insideBlock(pseudoKey(item.item, path.keys.slice(0, item.keys)), item.keys) ?? itemSource;
      return fallback;
    }
    const { keyLine, depth } = found;
    const atTemplate = at(keyLine.line);
    if (depth === path.keys.length) {
      // the pointer goes on into a list under the key: its `- ` item, or the values list it is written from
      if (path.ends[depth - 1] !== path.segments.length) return (item?.keys === depth ? itemSource : undefined) ?? insideBlock(keyLine, depth) ?? atTemplate;
      // the value on the key line, else a `toYaml` in its block (`key:` then `{{ toYaml .Values.x | indent N }}`)
      return valueLineSource(segment, keyLine.line, value, values) ?? insideBlock(keyLine, depth) ?? atTemplate;
    }
    return insideBlock(keyLine, depth) ?? atTemplate;

    /**
     * A key missing from an object the resource has: a template key line for it whose block
     * renders `toYaml` of an empty values key (gated by `with` on it, or rendering nothing).
     */
    function absentSource(missing: string): HelmSource | undefined {
      const segments = fromPointer(missing);
      const parentValue = getAtPointer(object, toPointer(segments.slice(0, -1)));
      if (!isObject(parentValue)) return undefined;
      const path = keysOf(object, missing);
      const { scope, item, complete, included } = narrowToItems(object, segment, keys, path, defines, values);
      if (included) return inIncluded(included, missing);
      if (!complete) return undefined;
      const found = findKeyLine(scope, path.keys);
      const below = item?.keys ?? -1;
      if (found && found.depth === path.keys.length && found.depth > below) return emptyValuesKey(segment, found.keyLine);
      // the key may be written by a named template its parent's block includes (`{{ template "x.resources" . }}`)
      const parent =
        found && found.depth === path.keys.length - 1 && found.depth > below
          ? found.keyLine
          : item && item.keys === path.keys.length - 1
            ? pseudoKey(item.item, path.keys.slice(0, item.keys))
            : undefined;
      if (!parent) return undefined;
      const last = path.keys.slice(-1);
      for (const line of directLines(segment.lines, parent, segment.last)) {
        for (const name of includedNames(segment.lines[line - 1] ?? '')) {
          const named = defines.get(name);
          const inNamed = named ? findKeyLine(keyLines(named.lines, named.first, named.last), last) : undefined;
          const source = named && inNamed?.depth === 1 ? emptyValuesKey(named, inNamed.keyLine) : undefined;
          if (source) return source;
        }
      }
      return undefined;
    }

    /** A field of a list element a named template writes: its place in that template, the element read as its document. */
    function inIncluded(included: IncludedItem, at: string): HelmSource | undefined {
      const element = getAtPointer(object, included.at);
      if (!isObject(element)) return { source: { file: included.named.file, range: lineRange(included.named.lines, included.named.first) } };
      return helmSourceMap(element, included.named, values, defines)(at.slice(included.at.length));
    }

    /** The values key of a key line whose block renders `toYaml` of it and renders nothing, the key being empty or set nowhere. */
    function emptyValuesKey(part: TemplateSegment, keyLine: KeyLine): HelmSource | undefined {
      for (const line of directLines(part.lines, keyLine, part.last)) {
        for (const ref of toYamlRefs(part, keyLine, line)) {
          const place = valuesSource(values, ref);
          if (place && isEmptyValue(place.value)) return { source: { file: place.file, range: place.range }, values: place, absent: true };
          const unset = place === undefined ? unsetValuesKey(values, ref) : undefined;
          if (unset) return { source: { file: unset.file, range: unset.range }, values: unset, absent: true, unset: true };
        }
      }
      return undefined;
    }

    function insideBlock(keyLine: KeyLine, depth: number): HelmSource | undefined {
      const rest = path.segments.slice(depth === 0 ? 0 : (path.ends[depth - 1] ?? path.segments.length));
      const restFromItem = item && depth === item.keys ? path.segments.slice(path.ends[depth - 1] ?? 0).slice(1) : rest;
      for (const line of directLines(segment.lines, keyLine, segment.last)) {
        const lineText = segment.lines[line - 1] ?? '';
        for (const ref of toYamlRefs(segment, keyLine, line)) {
          const place = valuesSource(values, [...ref, ...restFromItem]);
          // an empty values key renders nothing (it is gated by `if` or `with`): it did not write a field that is there
          if (place && !(isEmptyValue(place.value) && !deepEqual(place.value, value as JsonValue))) return placeSource(place, value as JsonValue, restFromItem.length === 0 ? omittedKeys(lineText, ref) : undefined);
          // `key:` then `toYaml .Values.x` of a key no values file sets renders null: setting x (in the chart's values.yaml) sets the field
          const unset = place === undefined && value === null && restFromItem.length === 0 ? unsetValuesKey(values, ref) : undefined;
          if (unset) return { source: { file: segment.file, range: lineRange(segment.lines, keyLine.line) }, values: unset, unset: true };
        }
        for (const name of includedNames(lineText)) {
          const named = defines.get(name);
          const inNamed = named ? findKeyLine(keyLines(named.lines, named.first, named.last), path.keys.slice(depth)) : undefined;
          if (named && inNamed && inNamed.depth === path.keys.length - depth) {
            return valueLineSource(named, inNamed.keyLine.line, value as JsonValue, values) ?? { source: { file: named.file, range: lineRange(named.lines, inNamed.keyLine.line) } };
          }
        }
      }
      return undefined;
    }
  };
}

/**
 * The named template a template part only includes (`{{ include "app.deployment" (dict …) }}`, a
 * chart that writes its workloads once for several components), when it writes the document's
 * kind: the document's keys are its lines, with the keys of a `dict` passed to it read as what
 * they stand for (see withBindings). Followed through a few such includes.
 */
function soleInclude(part: TemplateSegment, object: JsonObject, defines: ReadonlyMap<string, TemplateSegment>): { segment: TemplateSegment; keys: KeyLine[] } | undefined {
  const kind = typeof object['kind'] === 'string' ? object['kind'].replace(/[^\w]/g, '') : '';
  const kindLine = new RegExp(`^\\s*kind:\\s*["']?${kind}["']?\\s*(#.*)?$`);
  let current = part;
  for (let depth = 0; depth < 4; depth++) {
    const text = current.lines.slice(current.first - 1, current.last);
    const names = text.flatMap((line) => includedNames(line));
    const named = names.length === 1 && names[0] !== undefined ? defines.get(names[0]) : undefined;
    if (!named) return undefined;
    // the keys of a dict passed to it read as the values they stand for (`"values" .Values.metastore`)
    current = withBindings(named, dictBindings(text.join('\n')));
    const keys = keyLines(current.lines, current.first, current.last);
    if (keys.length === 0) continue;
    return current.lines.slice(current.first - 1, current.last).some((line) => kindLine.test(line)) ? { segment: current, keys } : undefined;
  }
  return undefined;
}

/** A list item seen as the key line of its block (its content's indentation, the list's keys). */
function pseudoKey(item: ItemLines, keys: readonly string[]): KeyLine {
  return { line: item.line, indent: item.indent - 1, key: keys[keys.length - 1] ?? '', path: [...keys] };
}

/** The place a person edits for a field of a rendered document (see helmSourceMap). */
export function helmSourceOf(
  object: JsonObject,
  segment: TemplateSegment,
  values: readonly ValuesFile[],
  defines: ReadonlyMap<string, TemplateSegment> = new Map(),
): (pointer: string) => FieldSource | undefined {
  const map = helmSourceMap(object, segment, values, defines);
  return (pointer) => presentSource(map(pointer))?.source;
}

/**
 * The values-file line of a field written on a template key line, when its
 * value is `.Values.a.b` (the rendered value equals a.b's, or contains it when
 * a.b is the only reference), or a `toYaml` of it.
 */
function valueLineSource(segment: TemplateSegment, line: number, value: JsonValue, values: readonly ValuesFile[]): HelmSource | undefined {
  const text = segment.lines[line - 1] ?? '';
  const afterKey = text.slice(text.indexOf(':') + 1);
  const rendered = typeof value === 'object' && value !== null ? undefined : String(value);
  const sources = valuesReferences(afterKey).map((ref) => ({ ref, source: valuesSource(values, ref) }));
  for (const { ref, source } of sources) {
    if (!source) continue;
    const scalar = typeof source.value === 'object' && source.value !== null ? undefined : String(source.value);
    const omitted = omittedKeys(afterKey, ref);
    if (isToYaml(afterKey, ref) || omitted !== undefined || (rendered !== undefined && scalar === rendered)) return placeSource(source, value, omitted);
  }
  const only = sources.length === 1 ? sources[0]?.source : undefined;
  const onlyScalar = only && (typeof only.value !== 'object' || only.value === null) ? String(only.value) : '';
  // One reference inside some literal text ("{{ .Values.port }}/TCP"): still that key's line (not the value as written).
  if (only && onlyScalar !== '' && rendered?.includes(onlyScalar)) return { source: { file: only.file, range: only.range } };
  return undefined;
}
