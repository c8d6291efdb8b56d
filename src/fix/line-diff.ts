import { diffArrays } from 'diff';
import type { TextEdit } from '../core/finding.ts';
import { splitText } from './text-lines.ts';
import { appendAll } from '../core/append-all.ts';

/**
 * The line edits that turn `before` into `after`: one edit for each run of changed
 * lines, found by a line diff of the region between the common first and last lines.
 * Both texts are expected to have the same line ending (edits carry lines without it).
 */
export function editsBetween(file: string, before: string, after: string): TextEdit[] {
  const old = splitText(before).lines;
  const now = splitText(after).lines;
  // The common end first, so that the empty part after a final line break is matched there.
  let tail = 0;
  while (tail < old.length && tail < now.length && old[old.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  let head = 0;
  while (head < old.length - tail && head < now.length - tail && old[head] === now[head]) head++;
  const oldMiddle = old.slice(head, old.length - tail);
  const newMiddle = now.slice(head, now.length - tail);
  if (oldMiddle.length === 0 && newMiddle.length === 0) return [];
  // A pure insertion or deletion is one edit: what the line diff would find, without running it.
  if (oldMiddle.length === 0 || newMiddle.length === 0) return [{ file, startLine: head + 1, endLine: head + oldMiddle.length, lines: newMiddle }];
  const edits: TextEdit[] = [];
  let line = head + 1; // 1-based line of `before` at the current position
  let pending: TextEdit | undefined;
  const flush = (): void => {
    if (pending) edits.push(pending);
    pending = undefined;
  };
  for (const change of diffArrays(oldMiddle, newMiddle)) {
    const count = change.count ?? change.value.length;
    if (!change.added && !change.removed) {
      flush();
      line += count;
      continue;
    }
    pending ??= { file, startLine: line, endLine: line - 1, lines: [] };
    if (change.removed) {
      pending.endLine += count;
      line += count;
    } else {
      appendAll(pending.lines, change.value);
    }
  }
  flush();
  return edits;
}
