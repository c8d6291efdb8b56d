import type { Range } from '../manifest/types.ts';

/** A located mistake in a configuration file. */
export interface ConfigProblem {
  file: string;
  range: Range;
  /** JSON pointer of the offending key or value ('' for the whole file). */
  pointer: string;
  message: string;
}

/** "file:line:col: message", the way editors and CI logs link to a place. */
export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.range.start.line}:${problem.range.start.column}: ${problem.message}`;
}

/** A JSON pointer as the dotted path a person writes: /roots/named/0/path -> roots.named[0].path. */
export function dottedPath(segments: readonly string[]): string {
  return segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}
