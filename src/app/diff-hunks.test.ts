import { describe, expect, it } from 'vitest';
import { hunkContaining, parseHunkRanges } from './diff-hunks.ts';

describe('parseHunkRanges', () => {
  it('reads the new-side range of every hunk', () => {
    const patch = ['@@ -1,3 +1,4 @@', ' a', '+b', ' c', ' d', '@@ -20,2 +21,3 @@ spec:', ' x', '+y', ' z'].join('\n');
    expect(parseHunkRanges(patch)).toEqual([
      { start: 1, end: 4 },
      { start: 21, end: 23 },
    ]);
  });
  it('treats a missing count as one line and skips empty new sides', () => {
    expect(parseHunkRanges('@@ -1 +1 @@\n-a\n+b')).toEqual([{ start: 1, end: 1 }]);
    expect(parseHunkRanges('@@ -1,2 +0,0 @@\n-a\n-b')).toEqual([]);
    expect(parseHunkRanges(undefined)).toEqual([]);
  });
  it('finds the hunk holding a line', () => {
    const ranges = parseHunkRanges('@@ -0,0 +1,10 @@\n+a');
    expect(hunkContaining(ranges, 10)).toEqual({ start: 1, end: 10 });
    expect(hunkContaining(ranges, 11)).toBeUndefined();
  });
});
