import jsyaml from 'js-yaml';
import { parseDocument } from 'yaml';
import { deepEqual, type JsonValue } from '../core/json.ts';
import { yamlOptions } from './yaml-options.ts';

/** How many lines one document may have indented before the repair gives up. */
const MAX_STEPS = 200;

/** A document's text is repaired only up to this size (the repair parses it once per line it moves). */
const MAX_LENGTH = 256 * 1024;

/** The errors of the strict reader a continuation line indented too little causes. */
const INDENT_CODES = new Set(['BAD_INDENT', 'MULTILINE_IMPLICIT_KEY']);

/** First errors a value whose lines are indented too little starts with: its closing quote or bracket is not found. */
const FIRST_CODES = new Set(['MISSING_CHAR', 'UNEXPECTED_TOKEN']);

/** A line that is a mapping key (`name:`, `- name: x`): not a continuation of a value above. */
const KEY_LINE = /^\s*(?:-\s+)*[^\s:'"#][^:'"]*:(\s|$)/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** A key line whose value opens a quoted or flow scalar (`args: ["…`, `- description: '…`): its key's indentation. */
const OPENS = /^(\s*)((?:-\s+)*)(?:"[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+["'[{]/;

function lenientValue(text: string): JsonValue | undefined {
  try {
    return jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, json: true }) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * The line (0-based) the strict reader stops at because it is indented too little: the line of
 * the first error when that is an indentation error, the line after it when it is a quote or
 * bracket not closed on its line (the value goes on below, at its key's indentation).
 */
function lineToIndent(text: string, lineStarts: readonly number[]): { line: number } | 'none' | 'other' {
  const errors = parseDocument(text, yamlOptions('kubernetes')).errors;
  if (errors.length === 0) return 'none';
  // the first error decides (the others may only follow from it)
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  if (!INDENT_CODES.has(first.code) && !FIRST_CODES.has(first.code)) return 'other';
  let line = 0;
  while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= first.pos[0]) line++;
  return { line: INDENT_CODES.has(first.code) ? line : line + 1 };
}

const starts = (lines: readonly string[]): number[] => {
  const out: number[] = [];
  let at = 0;
  for (const line of lines) {
    out.push(at);
    at += line.length + 1;
  }
  return out;
};

/**
 * One document's text with the continuation lines of its quoted and flow values indented more
 * than their key, as YAML 1.2 requires and kubectl's lenient reader does not: each line the
 * strict reader stops at is moved right of the key whose value it continues, until the
 * document reads. Lines are only indented (never joined or split), so every line keeps its
 * number; and the repair is kept only when the lenient reader reads the repaired text exactly
 * as the original (indentation inside a quoted or flow value does not change it). Undefined
 * when the document cannot be repaired so.
 */
export function repairIndentation(text: string): string | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const original = lenientValue(text);
  if (original === undefined) return undefined;
  const lines = text.split('\n');
  for (let step = 0; step < MAX_STEPS; step++) {
    const error = lineToIndent(lines.join('\n'), starts(lines));
    if (error === 'other') return undefined;
    if (error === 'none') {
      const repaired = lines.join('\n');
      return deepEqual(lenientValue(repaired) ?? null, original) ? repaired : undefined;
    }
    const current = lines[error.line] ?? '';
    // the key whose value the line continues: the nearest key line above that opens a quoted or flow value
    let keyIndent: number | undefined;
    for (let above = error.line - 1; above >= 0; above--) {
      const match = OPENS.exec(lines[above] ?? '');
      if (match) {
        keyIndent = (match[1] ?? '').length + (match[2] ?? '').length;
        break;
      }
    }
    const was = indentOf(current);
    if (keyIndent === undefined || was > keyIndent) return undefined;
    const by = ' '.repeat(keyIndent + 2 - was);
    lines[error.line] = by + current;
    // the lines after it at the same indentation, up to a key, continue the same value
    for (let next = error.line + 1; next < lines.length; next++) {
      const line = lines[next] ?? '';
      if (line.trim() === '') continue;
      if (indentOf(line) !== was || KEY_LINE.test(line)) break;
      lines[next] = by + line;
    }
  }
  return undefined;
}
