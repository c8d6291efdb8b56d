import { parseManifestText } from '../manifest/parse.ts';
import type { ManifestOrigin, SourcedResource } from '../manifest/types.ts';

/** Parse a renderer's standard output; its first problem (if any) is an error, with its line in the output and its own message. */
export function parseRenderedOutput(name: string, stdout: string): { resources: SourcedResource[] } | { error: string; line: number; problem: string } {
  const parsed = parseManifestText(name, stdout, { maxBytes: Number.MAX_SAFE_INTEGER });
  const problem = parsed.problems[0];
  if (problem) return { error: `the rendered output is not valid YAML (line ${problem.range.start.line}): ${problem.message}`, line: problem.range.start.line, problem: problem.message };
  return { resources: parsed.resources };
}

/** The origin without the ranges of fields that were taken out of the object (and their children). */
export function withoutRanges(origin: ManifestOrigin, removed: readonly string[]): ManifestOrigin {
  if (removed.length === 0) return origin;
  const ranges = new Map([...origin.ranges].filter(([pointer]) => !removed.some((gone) => pointer === gone || pointer.startsWith(gone + '/'))));
  return { ...origin, ranges };
}

/** Replace the temporary directory's path in a tool's message by the tree-relative paths a person knows. */
export function scrubPaths(message: string, tempTree: string): string {
  return message.split(tempTree + '/').join('').split(tempTree).join('.');
}
