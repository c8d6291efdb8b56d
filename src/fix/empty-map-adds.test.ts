import { describe, expect, it } from 'vitest';
import { applyEdits, editsForPatch } from './index.ts';
import { mergeAddsIntoEmptyMaps } from './empty-map-adds.ts';

describe('members added to an empty map', () => {
  const original = { top: { resources: {}, labels: { a: 'b' } } };

  it('become one add of the map when two or more come in a row', () => {
    expect(
      mergeAddsIntoEmptyMaps(original, [
        { op: 'add', path: '/top/resources/requests', value: { cpu: '1' } },
        { op: 'add', path: '/top/resources/limits', value: { memory: '2' } },
        { op: 'add', path: '/top/labels/c', value: 'd' },
        { op: 'add', path: '/top/labels/e', value: 'f' },
      ]),
    ).toEqual([
      { op: 'add', path: '/top/resources', value: { requests: { cpu: '1' }, limits: { memory: '2' } } },
      // not empty: left as they are
      { op: 'add', path: '/top/labels/c', value: 'd' },
      { op: 'add', path: '/top/labels/e', value: 'f' },
    ]);
  });

  it('stay as they are alone, or when an earlier operation touched the map', () => {
    const single = [{ op: 'add' as const, path: '/top/resources/requests', value: { cpu: '1' } }];
    expect(mergeAddsIntoEmptyMaps(original, single)).toEqual(single);
    const touched = [{ op: 'remove' as const, path: '/top/resources' }, ...single, { op: 'add' as const, path: '/top/resources/limits', value: {} }];
    expect(mergeAddsIntoEmptyMaps(original, touched)).toEqual(touched);
  });

  it('are written as one block before the comments that followed the empty map', () => {
    const text = 'top:\n  resources: {}\n      # requests:\n      #   cpu: 10m\n\n  other: 1\n';
    const edits = editsForPatch('values.yaml', text, 0, [
      { op: 'add', path: '/top/resources/requests', value: { cpu: '1' } },
      { op: 'add', path: '/top/resources/limits', value: { memory: '2' } },
    ]);
    if (!edits.ok) throw new Error(edits.error);
    const fixed = applyEdits(text, edits.value);
    expect(fixed.ok && fixed.value).toBe('top:\n  resources:\n    requests:\n      cpu: "1"\n    limits:\n      memory: "2"\n      # requests:\n      #   cpu: 10m\n\n  other: 1\n');
  });
});
