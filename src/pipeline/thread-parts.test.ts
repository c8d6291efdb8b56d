import { describe, expect, it } from 'vitest';
import { threadParts } from './thread-parts.ts';

describe('threadParts', () => {
  it('keeps the files in order, at most 250 a part', () => {
    const paths = Array.from({ length: 600 }, (_, i) => `f${String(i).padStart(3, '0')}.yaml`);
    const parts = threadParts(paths, () => 100);
    expect(parts.map((p) => p.length)).toEqual([250, 250, 100]);
    expect(parts.flat().map((f) => f.path)).toEqual(paths);
    expect(parts.flat().some((f) => f.piece !== undefined)).toBe(false);
  });

  it('closes a part at about 256 KB, and cuts a large multi-document file into pieces of about 128 KB, each a part of its own', () => {
    const sizes: Record<string, number> = { a: 200_000, b: 100_000, big: 1_000_000, c: 10, d: 10 };
    const big = Array.from({ length: 8 }, (_, index) => [{ path: 'big', piece: { index, of: 8 } }]);
    expect(threadParts(Object.keys(sizes), (p) => sizes[p] ?? 0)).toEqual([[{ path: 'a' }], [{ path: 'b' }], ...big, [{ path: 'c' }, { path: 'd' }]]);
    // a file up to twice 256 KB is not cut
    expect(threadParts(['mid'], () => 500_000)).toEqual([[{ path: 'mid' }]]);
  });
});
