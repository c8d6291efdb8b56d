/**
 * A heuristic, text-level reading of a Helm template: which line emits which
 * YAML key, at which nesting. Template actions are not evaluated. A line
 * `  name: {{ .Values.x }}` is a key line `name` whose parent is the nearest
 * previous key line with a smaller indentation; a `- ` list marker counts as
 * indentation (so the keys of a list item nest under the list's key). Lines
 * that are only template actions (`{{- if … }}`, `{{ include … | nindent 4 }}`)
 * or comments are not keys.
 */
import { minOf } from '../../core/arrays.ts';
export interface KeyLine {
  /** 1-based line in the template file. */
  line: number;
  indent: number;
  key: string;
  /** Keys of the enclosing key lines, outermost first, ending with `key`. */
  path: string[];
}

const KEY = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s:{#"'][^:{#]*?)\s*:(?:\s|$)/;

function unquote(key: string): string {
  return (key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'")) ? key.slice(1, -1) : key;
}

/** Key lines of the template lines from `first` (1-based) to `last` (inclusive). */
export function keyLines(lines: readonly string[], first: number, last: number): KeyLine[] {
  const out: KeyLine[] = [];
  const stack: KeyLine[] = [];
  for (let number = first; number <= last; number++) {
    const text = lines[number - 1] ?? '';
    const match = KEY.exec(text);
    if (!match) continue;
    const indent = (match[1] ?? '').length + (match[2] ?? '').length;
    const key = unquote((match[3] ?? '').trim());
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const entry: KeyLine = { line: number, indent, key, path: [...stack.map((item) => item.key), key] };
    stack.push(entry);
    out.push(entry);
  }
  return out;
}

/** How many keys at the end of `path` equal the end of `wanted`. */
function suffixMatch(path: readonly string[], wanted: readonly string[]): number {
  let count = 0;
  while (count < path.length && count < wanted.length && path[path.length - 1 - count] === wanted[wanted.length - 1 - count]) count++;
  return count;
}

/**
 * The key line that most likely emits the object key path `wanted` (keys
 * only, list indices dropped). When no line emits the last key, the deepest
 * emitted ancestor is returned with how many keys of `wanted` it covers.
 * Among lines that emit the whole path equally well, the first that `cannotEmit` does not rule out.
 */
export function findKeyLine(keys: readonly KeyLine[], wanted: readonly string[], cannotEmit?: (keyLine: KeyLine) => boolean): { keyLine: KeyLine; depth: number } | undefined {
  for (let depth = wanted.length; depth > 0; depth--) {
    const prefix = wanted.slice(0, depth);
    let best: KeyLine[] = [];
    let bestScore = 0;
    for (const keyLine of keys) {
      // a line that emits an ancestor of the wanted path (`spec:` above `template:`) does not emit a deeper key of the same name
      if (keyLine.key !== prefix[depth - 1] || (keyLine.path.length < depth && keyLine.path.every((key, i) => key === wanted[i]))) continue;
      const score = suffixMatch(keyLine.path, prefix) + (keyLine.path.length === depth ? 0.5 : 0);
      if (score > bestScore) {
        best = [keyLine];
        bestScore = score;
      } else if (score === bestScore) {
        best.push(keyLine);
      }
    }
    // lines that tie (the branches of an if/else): the first that can have written the field
    const keyLine = depth === wanted.length && cannotEmit && best.length > 1 ? (best.find((k) => !cannotEmit(k)) ?? best[0]) : best[0];
    if (keyLine) return { keyLine, depth };
  }
  return undefined;
}

/** The lines of the block of a key line: itself and the following lines indented deeper (or blank). */
export function blockLines(lines: readonly string[], keyLine: KeyLine, last: number): number[] {
  const out = [keyLine.line];
  // a key with nothing after it may hold a list written at its own indentation (`containers:` then `- name: …`)
  const opens = /:\s*(#.*)?$/.test(lines[keyLine.line - 1] ?? '');
  for (let number = keyLine.line + 1; number <= last; number++) {
    const text = lines[number - 1] ?? '';
    if (text.trim() === '') continue;
    const indent = text.length - text.trimStart().length;
    const ownList = opens && indent === keyLine.indent && /^\s*-(\s|$)/.test(text);
    if (indent <= keyLine.indent && !/^\s*\{\{/.test(text) && !ownList) break;
    out.push(number);
  }
  return out;
}

const ITEM = /^(\s*)-(\s|$)/;

/** A list item in a template: its `- ` line and the last line of its block. */
export interface ItemLines {
  line: number;
  last: number;
  /** Indentation of the item's content (its keys), counting the `- ` marker. */
  indent: number;
  /**
   * Which rendered element the item is, counting from 0: items in the branches of one
   * `if`/`else` (`{{- if .Values.registry }} - image: … {{- else }} - image: … {{- end }}`) are
   * alternatives for one element and share a number; each spans the lines up to the next element.
   */
  element: number;
}

const ELSE = /^\s*\{\{-?\s*else\b/;

/**
 * The `- ` items of the list a key line opens: the lines of its block that start with a
 * list marker at the shallowest such indentation, each with the lines up to the next one.
 */
export function itemLines(lines: readonly string[], keyLine: KeyLine, last: number): ItemLines[] {
  const block = blockLines(lines, keyLine, last).slice(1);
  const markers = block
    .map((line) => ({ line, match: ITEM.exec(lines[line - 1] ?? '') }))
    .filter((m): m is { line: number; match: RegExpExecArray } => m.match !== null);
  const depth = minOf(markers.map((m) => (m.match[1] ?? '').length));
  const items = markers.filter((m) => (m.match[1] ?? '').length === depth);
  const blockLast = block[block.length - 1] ?? keyLine.line;
  // an `else` between two items makes the later one an alternative of the earlier
  const elements: number[] = [];
  items.forEach((item, index) => {
    const previous = items[index - 1];
    const alternative = previous !== undefined && lines.slice(previous.line, item.line - 1).some((text) => ELSE.test(text));
    elements.push(previous === undefined ? 0 : (elements[index - 1] ?? 0) + (alternative ? 0 : 1));
  });
  return items.map((item, index) => {
    const element = elements[index] ?? 0;
    const nextIndex = elements.findIndex((e, i) => i > index && e !== element);
    const next = nextIndex === -1 ? undefined : items[nextIndex];
    const text = lines[item.line - 1] ?? '';
    const content = text.length - text.replace(/^\s*-\s*/, '').length;
    return { line: item.line, last: next ? next.line - 1 : blockLast, indent: content, element };
  });
}

/**
 * The lines of a key line's block that belong to it directly: itself and the lines not
 * inside the block of a nested key line (a `toYaml` under `resources:` is the resources
 * key's, not its parent's).
 */
export function directLines(lines: readonly string[], keyLine: Pick<KeyLine, 'line' | 'indent'>, last: number): number[] {
  const out = [keyLine.line];
  let nested: number | undefined;
  let nestedOpen = false;
  // a list item read as a key (its `- ` line) whose line holds a key of its own (`- args:`): what is under that key is the key's
  const own = KEY.exec(lines[keyLine.line - 1] ?? '');
  const ownIndent = own ? (own[1] ?? '').length + (own[2] ?? '').length : 0;
  if (own && (own[2] ?? '') !== '' && ownIndent > keyLine.indent) {
    nested = ownIndent;
    nestedOpen = /:\s*(#.*)?$/.test(lines[keyLine.line - 1] ?? '');
  }
  for (const number of blockLines(lines, keyLine as KeyLine, last).slice(1)) {
    const text = lines[number - 1] ?? '';
    // control actions ({{- if }}, {{- end }}, {{- with }} …) emit nothing: they neither belong nor close a nested block
    if (/^\s*\{\{-?\s*(if|else|end|with|range|define|block|\$[\w]+\s*:?=|\/\*)[\s}(-]/.test(text) && !/\b(toYaml|include|tpl|indent|nindent)\b/.test(text)) continue;
    const key = KEY.exec(text);
    // an action's output lands at its `indent N` / `nindent N`, whatever the template line's own indentation
    const piped = /\|\s*n?indent\s+(\d+)/.exec(text);
    const indent = key ? (key[1] ?? '').length + (key[2] ?? '').length : piped ? Number(piped[1]) : text.length - text.trimStart().length;
    // output indented less than the block's own lines lands outside it (a list at the key's indentation is the key's)
    if (!key && piped && indent < keyLine.indent) continue;
    // a list may sit at its key's own indentation: output right under an empty key is that key's list
    if (nested !== undefined && (indent > nested || (indent === nested && nestedOpen && !key))) continue;
    nested = undefined;
    if (key) {
      nested = indent;
      nestedOpen = /:\s*(#.*)?$/.test(text);
      continue;
    }
    out.push(number);
  }
  return out;
}
