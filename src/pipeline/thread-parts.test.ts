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

  it('closes a part at about 256 KB, and cuts a large multi-document file into pieces of their own', () => {
    const sizes: Record<string, number> = { a: 200_000, b: 100_000, big: 1_000_000, c: 10, d: 10 };
    expect(threadParts(Object.keys(sizes), (p) => sizes[p] ?? 0)).toEqual([
      [{ path: 'a' }],
      [{ path: 'b' }],
      [{ path: 'big', piece: { index: 0, of: 4 } }],
      [{ path: 'big', piece: { index: 1, of: 4 } }],
      [{ path: 'big', piece: { index: 2, of: 4 } }],
      [{ path: 'big', piece: { index: 3, of: 4 } }],
      [{ path: 'c' }, { path: 'd' }],
    ]);
  });
});
