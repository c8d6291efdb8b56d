import type { TextEdit } from '../core/finding.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { joinText, splitText } from './text-lines.ts';

export const isInsertion = (edit: TextEdit): boolean => edit.endLine === edit.startLine - 1;

function describe(edit: TextEdit): string {
  return isInsertion(edit) ? `insertion before line ${edit.startLine}` : `lines ${edit.startLine}-${edit.endLine}`;
}

/** Edits in file order: by start line, an insertion before a replacement starting on the same line. */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.startLine - b.startLine || Number(isInsertion(b)) - Number(isInsertion(a)));
}

/** Why two edits (in file order) cannot both apply, or undefined when they can. */
export function conflictBetween(first: TextEdit, second: TextEdit): string | undefined {
  if (isInsertion(first) && isInsertion(second) && first.startLine === second.startLine) {
    return `two insertions before line ${first.startLine}`;
  }
  if (second.startLine <= first.endLine) return `${describe(first)} and ${describe(second)} overlap`;
  return undefined;
}

/** Check that edits are well-formed for a text of `count` lines and do not overlap; returns them in file order. */
export function checkEdits(edits: readonly TextEdit[], count: number): Outcome<TextEdit[]> {
  const files = new Set(edits.map((e) => e.file));
  if (files.size > 1) return err(`edits are for several files: ${[...files].join(', ')}`);
  for (const edit of edits) {
    const { startLine, endLine } = edit;
    if (!Number.isInteger(startLine) || !Number.isInteger(endLine)) return err(`${describe(edit)}: line numbers must be integers`);
    if (startLine < 1 || startLine > count + 1) return err(`${describe(edit)}: start line is outside the file (1-${count + 1})`);
    if (endLine < startLine - 1 || endLine > count) return err(`${describe(edit)}: end line is outside the file or before the start`);
  }
  const sorted = sortEdits(edits);
  for (let i = 1; i < sorted.length; i++) {
    const conflict = conflictBetween(sorted[i - 1] as TextEdit, sorted[i] as TextEdit);
    if (conflict !== undefined) return err(`overlapping edits: ${conflict}`);
  }
  return ok(sorted);
}

/**
 * Apply non-overlapping line edits to a text, in one pass: each edit's line numbers refer to
 * the original text. Inserted lines take the text's line ending. Lines outside the edits
 * keep every byte.
 */
export function applyEdits(text: string, edits: TextEdit[]): Outcome<string> {
  const split = splitText(text);
  const checked = checkEdits(edits, split.count);
  if (!checked.ok) return checked;
  const lines: string[] = [];
  let next = 0; // 0-based index of the first original line not yet copied
  for (const edit of checked.value) {
    for (; next < edit.startLine - 1; next++) lines.push(split.lines[next] as string);
    for (const line of edit.lines) lines.push(line);
    next = Math.max(next, edit.endLine);
  }
  for (; next < split.lines.length; next++) lines.push(split.lines[next] as string);
  return ok(joinText({ lines, eol: split.eol }));
}
