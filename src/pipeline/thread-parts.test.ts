import { describe, expect, it } from 'vitest';
import { threadParts } from './check-tree.ts';

describe('threadParts', () => {
  it('keeps the files in order, at most 250 a part', () => {
    const paths = Array.from({ length: 600 }, (_, i) => `f${String(i).padStart(3, '0')}.yaml`);
    const parts = threadParts(paths, () => 100);
    expect(parts.map((p) => p.length)).toEqual([250, 250, 100]);
    expect(parts.flat()).toEqual(paths);
  });

  it('closes a part at about 256 KB, and gives a large multi-document file a part of its own', () => {
    const sizes: Record<string, number> = { a: 200_000, b: 100_000, big: 5_000_000, c: 10, d: 10 };
    expect(threadParts(Object.keys(sizes), (p) => sizes[p] ?? 0)).toEqual([['a'], ['b'], ['big'], ['c', 'd']]);
  });
});
