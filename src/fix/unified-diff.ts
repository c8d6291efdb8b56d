import { createTwoFilesPatch, FILE_HEADERS_ONLY, formatPatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import { appendAll } from '../core/append-all.ts';
import type { TextEdit } from '../core/finding.ts';

const CONTEXT = 3;

/**
 * A unified diff of one file as `git diff` shows it: `--- a/file`, `+++ b/file`, then
 * hunks with 3 lines of context; the empty string when nothing changed.
 *
 * `edits`: the line edits that make `after` of `before` (as the fix planner made them), when
 * known. The hunks are then made from them, in time linear in the file, rather than by diffing
 * the two texts, which costs the file's length times the number of changes (minutes for a
 * file of thousands of fixed documents). The hunks are those the text diff finds where the
 * edits are its own (the planner's edits are line diffs of each document); edits that do
 * not make `after` of `before` are not trusted, and the texts are diffed.
 */
export function unifiedDiff(file: string, before: string, after: string, edits?: readonly TextEdit[]): string {
  if (before === after) return '';
  const changes = edits && edits.length > 0 ? changesOf(before, after, edits) : undefined;
  if (changes) {
    const patch: StructuredPatch = { oldFileName: `a/${file}`, newFileName: `b/${file}`, oldHeader: undefined, newHeader: undefined, hunks: hunksOf(changes) };
    return formatPatch(patch, FILE_HEADERS_ONLY);
  }
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: CONTEXT, headerOptions: FILE_HEADERS_ONLY });
}

/** A run of lines (each with its line break, but a last line without one) the same on both sides, removed or added. */
interface Change {
  lines: string[];
  added?: true;
  removed?: true;
}

/** Lines of a text as the line diff splits them: each keeps its line break; no empty line after a final one. */
function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => `${line}\n`);
  const last = lines.pop() as string;
  if (last !== '\n') lines.push(last.slice(0, -1));
  return lines;
}

/** The changes the edits make, as a line diff lists them; undefined when they do not make `after` of `before`. */
function changesOf(before: string, after: string, edits: readonly TextEdit[]): Change[] | undefined {
  const old = splitLines(before);
  const now = splitLines(after);
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine);
  const changes: Change[] = [];
  // edits next to each other are one change, as the line diff has it: all removed lines, then all added
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    if (removed.length > 0) changes.push({ lines: removed, removed: true });
    if (added.length > 0) changes.push({ lines: added, added: true });
    removed = [];
    added = [];
  };
  let i = 0; // next line of `old`
  let j = 0; // next line of `now`
  const same = (count: number): boolean => {
    if (count < 0 || i + count > old.length || j + count > now.length) return false;
    for (let k = 0; k < count; k++) if (old[i + k] !== now[j + k]) return false;
    if (count > 0) {
      flush();
      changes.push({ lines: old.slice(i, i + count) });
    }
    i += count;
    j += count;
    return true;
  };
  for (const edit of sorted) {
    const start = edit.startLine - 1;
    const end = edit.endLine; // exclusive: an insertion has endLine = startLine - 1
    if (end < start || end > old.length || !same(start - i)) return undefined;
    const lines = now.slice(j, j + edit.lines.length);
    if (lines.length !== edit.lines.length || lines.some((line, k) => line.replace(/\n$/, '') !== edit.lines[k])) return undefined;
    appendAll(removed, old.slice(i, end));
    appendAll(added, lines);
    i = end;
    j += lines.length;
  }
  if (old.length - i !== now.length - j || !same(old.length - i)) return undefined;
  flush();
  return changes;
}

/** Hunks of the changes with 3 lines of context, joined where their contexts meet: as the line diff's patch makes them. */
function hunksOf(changes: readonly Change[]): StructuredPatchHunk[] {
  const hunks: StructuredPatchHunk[] = [];
  const all: Change[] = [...changes, { lines: [] }];
  const context = (lines: readonly string[]): string[] => lines.map((line) => ` ${line}`);
  let oldStart = 0;
  let newStart = 0;
  let range: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let c = 0; c < all.length; c++) {
    const change = all[c] as Change;
    if (change.added || change.removed) {
      if (!oldStart) {
        oldStart = oldLine;
        newStart = newLine;
        const previous = all[c - 1];
        if (previous) {
          range = context(previous.lines.slice(-CONTEXT));
          oldStart -= range.length;
          newStart -= range.length;
        }
      }
      for (const line of change.lines) range.push(`${change.added ? '+' : '-'}${line}`);
      if (change.added) newLine += change.lines.length;
      else oldLine += change.lines.length;
      continue;
    }
    if (oldStart) {
      if (change.lines.length <= CONTEXT * 2 && c < all.length - 2) {
        for (const line of context(change.lines)) range.push(line);
      } else {
        const size = Math.min(change.lines.length, CONTEXT);
        for (const line of context(change.lines.slice(0, size))) range.push(line);
        hunks.push({ oldStart, oldLines: oldLine - oldStart + size, newStart, newLines: newLine - newStart + size, lines: range });
        oldStart = 0;
        newStart = 0;
        range = [];
      }
    }
    oldLine += change.lines.length;
    newLine += change.lines.length;
  }
  // lines lose their line break; one that had none is marked
  for (const hunk of hunks) {
    const lines: string[] = [];
    for (const line of hunk.lines) {
      if (line.endsWith('\n')) lines.push(line.slice(0, -1));
      else lines.push(line, '\\ No newline at end of file');
    }
    hunk.lines = lines;
  }
  return hunks;
}
