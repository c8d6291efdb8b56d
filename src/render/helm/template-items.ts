import { escapeRegExp } from '../../core/escape-regexp.ts';
import { isObject, type JsonValue } from '../../core/json.ts';
import { dictBindings, withBindings } from './dict-bindings.ts';
import { includedNames } from './named-templates.ts';
import type { TemplateSegment } from './source-map.ts';
import { blockLines, type ItemLines, type KeyLine } from './template-lines.ts';
import type { ValuesFile } from './values-refs.ts';
import { writesOtherValue } from './written-value.ts';

/**
 * Which `- ` item of a template list wrote a rendered list element: an item written in place
 * (by the element's name, else its position, if/else alternatives read as one), or a named
 * template the list's block includes.
 */

/** Does a template item (its lines) write the literal `name: <name>`? */
function namesItem(lines: readonly string[], item: ItemLines, name: string): boolean {
  const first = new RegExp(`^\\s*-?\\s*name:\\s*["']?${escapeRegExp(name)}["']?\\s*(#.*)?$`);
  const any = new RegExp(`^\\s*(-\\s*)?name:\\s*["']?${escapeRegExp(name)}["']?\\s*$`);
  return first.test(lines[item.line - 1] ?? '') || lines.slice(item.line - 1, item.last).some((l) => any.test(l));
}

/** The literal name a template item writes (`- name: jenkins`), undefined when it is templated or absent. */
function literalName(lines: readonly string[], item: ItemLines): string | undefined {
  const match = /^\s*-?\s*name:\s*["']?([\w.-]+)["']?\s*(#.*)?$/.exec(lines[item.line - 1] ?? '');
  return match?.[1];
}

/**
 * The item of a rendered list element among the `- ` items of its template list: by the
 * element's name, else its position among the items that can have written it (an item
 * whose literal name is another is not this element).
 */
export function pickItem(items: readonly ItemLines[], lines: readonly string[], element: JsonValue | undefined, index: number, values: readonly ValuesFile[]): ItemLines | undefined {
  const name = isObject(element) && typeof element['name'] === 'string' ? element['name'] : undefined;
  const named = name === undefined ? undefined : items.find((item) => namesItem(lines, item, name));
  // by name, else by position among the elements the items write (alternatives of an if/else are one)
  const possible = name === undefined ? items : items.filter((item) => literalName(lines, item) === undefined);
  const elements = [...new Set(possible.map((item) => item.element))];
  const wanted = named?.element ?? elements[Math.min(index, elements.length - 1)];
  const alternatives = (named ? items : possible).filter((item) => item.element === wanted);
  // the alternative whose item line can have written the element's value there (`- image: "{{ .Values.repo }}:{{ .Values.tag }}"`), else the first
  return alternatives.find((item) => !itemWritesOther(lines[item.line - 1] ?? '', element, values)) ?? alternatives[0];
}

/** Does an item line (`- key: value`) write another value than the element has at its key? */
function itemWritesOther(text: string, element: JsonValue | undefined, values: readonly ValuesFile[]): boolean {
  const key = /^\s*-\s+([\w.-]+)\s*:/.exec(text)?.[1];
  if (key === undefined || !isObject(element) || element[key] === undefined) return false;
  return writesOtherValue(text, element[key] as JsonValue, values);
}

/** A list element written by a named template the list's block includes: that template, its arguments bound (see withBindings). */
export interface IncludedItem {
  named: TemplateSegment;
  /** The pointer of the element in the rendered document. */
  at: string;
}

/** Does a named template write list items (its first line that is not an action or a comment starts with `- `)? */
function writesItems(named: TemplateSegment): boolean {
  for (const line of named.lines.slice(named.first - 1, named.last)) {
    const text = line.replace(/\{\{-?\s*(\/\*.*?\*\/|[^}]*?)\s*-?\}\}/g, '').trim();
    if (text === '' || text.startsWith('#')) continue;
    return text.startsWith('- ') || text === '-';
  }
  return false;
}

/**
 * The named template that writes a list element, when the list's block includes named
 * templates that write list items and no literal item is the element's: the include whose
 * arguments name the element (`(list $ "config-reload" "sidecar")`), else whose template
 * writes its name, else the only such include.
 */
export function includedItem(segment: TemplateSegment, listKey: KeyLine, items: readonly ItemLines[], element: JsonValue | undefined, defines: ReadonlyMap<string, TemplateSegment>): TemplateSegment | undefined {
  if (defines.size === 0) return undefined;
  const name = isObject(element) && typeof element['name'] === 'string' ? element['name'] : undefined;
  if (name !== undefined ? items.some((item) => namesItem(segment.lines, item, name)) : items.length > 0) return undefined;
  const candidates: { text: string; named: TemplateSegment }[] = [];
  for (const line of blockLines(segment.lines, listKey, segment.last).slice(1)) {
    const text = segment.lines[line - 1] ?? '';
    for (const included of includedNames(text)) {
      const named = defines.get(included);
      if (named && writesItems(named)) candidates.push({ text, named });
    }
  }
  const quoted = name === undefined ? undefined : new RegExp(`["']${escapeRegExp(name)}["']`);
  const writesName = name === undefined ? undefined : new RegExp(`name:\\s*["']?${escapeRegExp(name)}["']?\\s*$`);
  const chosen =
    (quoted && candidates.find((c) => quoted.test(c.text))) ??
    (writesName ? candidates.find((c) => c.named.lines.slice(c.named.first - 1, c.named.last).some((l) => writesName.test(l))) : undefined) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  return chosen ? withBindings(chosen.named, dictBindings(chosen.text)) : undefined;
}
