import type { LineIndex } from './line-index.ts';
import type { ParseProblem } from './types.ts';

/** A problem at one offset (a zero-width range there). */
export function problemAt(file: string, lines: LineIndex, offset: number, message: string): ParseProblem {
  return { file, range: lines.range(offset, offset), message };
}

/** A problem about the whole file, placed at its first character. */
export function fileProblem(file: string, message: string): ParseProblem {
  return { file, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
