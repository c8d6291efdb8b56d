import { describe, expect, it } from 'vitest';
import { threadParts } from './thread-parts.ts';

describe('threadParts', () => {
  it('keeps the files in order, at most 250 a part, and at most 64 a part in the last 2 MiB', () => {
    const paths = Array.from({ length: 3000 }, (_, i) => `f${String(i).padStart(4, '0')}.yaml`);
    const parts = threadParts(paths, () => 1000);
    // 3,000,000 bytes: file 903 is the first with at most 2 MiB (2,097,152 bytes) left, itself included
    const tail = [...Array.from({ length: 32 }, () => 64), 3000 - 903 - 32 * 64];
    expect(parts.map((p) => p.length)).toEqual([250, 250, 250, 153, ...tail]);
    expect(parts.flat().map((f) => f.path)).toEqual(paths);
    expect(parts.flat().some((f) => f.piece !== undefined)).toBe(false);
  });

  it('closes a part of the last 2 MiB at a quarter of 256 KB', () => {
    const paths = Array.from({ length: 20 }, (_, i) => `f${i}.yaml`);
    // 10,000 bytes a file: six fit in 65,536 bytes, a seventh does not
    expect(threadParts(paths, () => 10_000).map((p) => p.length)).toEqual([6, 6, 6, 2]);
  });

  it('closes a part at about 256 KB, and cuts a large multi-document file into pieces of about 128 KB, each a part of its own', () => {
    const sizes: Record<string, number> = { a: 200_000, b: 100_000, big: 1_000_000, c: 10, d: 10 };
    const big = Array.from({ length: 8 }, (_, index) => [{ path: 'big', piece: { index, of: 8 } }]);
    expect(threadParts(Object.keys(sizes), (p) => sizes[p] ?? 0)).toEqual([[{ path: 'a' }], [{ path: 'b' }], ...big, [{ path: 'c' }, { path: 'd' }]]);
    // a file up to twice 256 KB is not cut
    expect(threadParts(['mid'], () => 500_000)).toEqual([[{ path: 'mid' }]]);
  });
});
