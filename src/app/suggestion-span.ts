import type { TextEdit } from '../core/finding.ts';
import { hunkContaining, type HunkRange } from './diff-hunks.ts';
import { appendAll } from '../core/append-all.ts';
import { maxOf, minOf } from '../core/arrays.ts';

/** A GitHub suggestion: replace head lines [start, end] with `lines`. */
export interface SuggestionSpan {
  start: number;
  end: number;
  lines: string[];
}

/** Suggestions longer than this (in head lines covered) are not offered; the fix stays in "Apply fixes". */
export const MAX_SUGGESTION_LINES = 40;

const isInsertion = (e: TextEdit): boolean => e.endLine < e.startLine;

/**
 * One suggestion for all the edits of a finding in its own file: the head lines from the
 * first edited line to the last (an insertion is anchored on the line above it, which is
 * repeated), rewritten with every edit. Undefined when the edits overlap, when the span
 * leaves a single diff hunk, needs a line that does not exist, or is too long. Pure.
 */
export function suggestionSpan(edits: readonly TextEdit[], hunks: readonly HunkRange[], lines: readonly string[] | undefined): SuggestionSpan | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const first = (e: TextEdit): number => (isInsertion(e) ? e.startLine - 1 : e.startLine);
  const last = (e: TextEdit): number => (isInsertion(e) ? e.startLine - 1 : e.endLine);
  const start = minOf(sorted.map(first));
  const end = maxOf(sorted.map(last));
  if (start < 1 || end - start + 1 > MAX_SUGGESTION_LINES) return undefined;
  const hunk = hunkContaining(hunks, start);
  if (!hunk || end > hunk.end) return undefined;
  const out: string[] = [];
  let next = start;
  for (const edit of sorted) {
    const from = edit.startLine;
    if (from < next) return undefined; // overlapping edits: not one faithful suggestion
    for (; next < from; next++) {
      const line = lines?.[next - 1];
      if (line === undefined) return undefined;
      out.push(line);
    }
    appendAll(out, edit.lines);
    if (!isInsertion(edit)) next = edit.endLine + 1;
  }
  for (; next <= end; next++) {
    const line = lines?.[next - 1];
    if (line === undefined) return undefined;
    out.push(line);
  }
  return { start, end, lines: out };
}
