/** A hunk of a unified diff, as lines of the new (right-hand) file. */
export interface HunkRange {
  /** First line of the hunk in the new file (1-based). */
  start: number;
  /** Last line of the hunk in the new file (inclusive); end < start for a pure deletion. */
  end: number;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * The right-hand line ranges of the hunks of a GitHub `patch` (the diff of one file as
 * pulls.listFiles returns it, without file headers). Review comments may only sit on
 * these lines. Returns [] for a missing patch (binary or too-large files).
 */
export function parseHunkRanges(patch: string | undefined): HunkRange[] {
  if (!patch) return [];
  const ranges: HunkRange[] = [];
  for (const line of patch.split('\n')) {
    const match = HUNK_HEADER.exec(line);
    if (!match) continue;
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    // "+0,0" is an empty new side (the file was emptied): no commentable line.
    if (count === 0) continue;
    ranges.push({ start, end: start + count - 1 });
  }
  return ranges;
}

/** The hunk that contains the line, if any. */
export function hunkContaining(ranges: readonly HunkRange[], line: number): HunkRange | undefined {
  return ranges.find((r) => line >= r.start && line <= r.end);
}
