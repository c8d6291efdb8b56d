import type { Position, Range } from './types.ts';

/**
 * Offsets of line starts in a text, built once in a single pass, so that every
 * offset -> line/column lookup is a binary search (no re-scanning per node).
 * Columns count UTF-16 code units, 1-based; a range's `end` is exclusive
 * (the column just after its last character).
 */
export interface LineIndex {
  position(offset: number): Position;
  range(start: number, end: number): Range;
}

export function buildLineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  const position = (offset: number): Position => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
  };
  return {
    position,
    range: (start, end) => ({ start: position(start), end: position(Math.max(start, end)) }),
  };
}

/** A line index of a text that starts `lines` lines into a file: positions are the file's (columns are unchanged). */
export function linesFrom(index: LineIndex, lines: number): LineIndex {
  const position = (offset: number): Position => {
    const at = index.position(offset);
    return { line: at.line + lines, column: at.column };
  };
  return { position, range: (start, end) => ({ start: position(start), end: position(Math.max(start, end)) }) };
}
