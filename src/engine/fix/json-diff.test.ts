import { describe, expect, it } from 'vitest';
import { jsonDiff } from './json-diff.ts';

describe('jsonDiff', () => {
  it('adds, replaces and removes object keys', () => {
    expect(jsonDiff({ a: 1, b: { c: 2 }, d: 4 }, { a: 1, b: { c: 3, e: [1] } })).toEqual([
      { op: 'remove', path: '/d' },
      { op: 'replace', path: '/b/c', value: 3 },
      { op: 'add', path: '/b/e', value: [1] },
    ]);
  });
  it('patches arrays item by item and appends', () => {
    expect(jsonDiff({ l: [{ n: 'a' }, { n: 'b' }] }, { l: [{ n: 'a', x: true }, { n: 'b' }, { n: 'c' }] })).toEqual([
      { op: 'add', path: '/l/0/x', value: true },
      { op: 'add', path: '/l/2', value: { n: 'c' } },
    ]);
  });
  it('replaces a shrunken array whole, and escapes keys', () => {
    expect(jsonDiff({ 'a/b': [1, 2] }, { 'a/b': [2] })).toEqual([{ op: 'replace', path: '/a~1b', value: [2] }]);
    expect(jsonDiff({ x: 1 }, { x: 1 })).toEqual([]);
  });
});
