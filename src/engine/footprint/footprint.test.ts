import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { changedPath, changedPaths } from './changed-paths.ts';
import { changedPlace, EVERYTHING, touches, touchesByPaths, touchesPlace, type Footprint } from './footprint.ts';
import { hasSharedValues, holdsBraces } from './shared-values.ts';
import { seededRandom } from '../../../test/seeded-random.ts';

const footprint = (nav: (string | null)[][], whole: (string | null)[][] = []): Footprint => ({ top: false, nav, whole });

describe('touches', () => {
  const reads = footprint([['spec'], ['spec', 'containers', null, 'image']], [['metadata', 'labels']]);

  it('a place gone through changes only when it or a parent is replaced', () => {
    expect(touches(reads, ['spec', 'containers', '0', 'image'])).toBe(true);
    expect(touches(reads, ['spec', 'containers', '1'])).toBe(true);
    expect(touches(reads, ['spec', 'containers'])).toBe(true);
    expect(touches(reads, ['spec', 'containers', '0', 'image', 'x'])).toBe(false);
    expect(touches(reads, ['spec', 'containers', '0', 'resources'])).toBe(false);
    expect(touches(reads, ['spec', 'replicas'])).toBe(false);
  });

  it('a place read whole changes when anything at, above or under it does', () => {
    expect(touches(reads, ['metadata', 'labels', 'app'])).toBe(true);
    expect(touches(reads, ['metadata'])).toBe(true);
    expect(touches(reads, ['metadata', 'annotations'])).toBe(false);
  });

  it('everything is touched by a change of the whole resource, and a footprint that may read anything by any change', () => {
    expect(touches(reads, [])).toBe(true);
    expect(touches(EVERYTHING('test'), ['status'])).toBe(true);
  });
});

describe('touches, as a tree', () => {
  it('agrees with comparing every path', () => {
    const { below: random } = seededRandom(7);
    const SEGMENTS = ['spec', 'containers', '0', '1', 'image', 'metadata', 'labels'];
    const path = (wild: boolean): (string | null)[] => Array.from({ length: random(5) }, () => (wild && random(4) === 0 ? null : (SEGMENTS[random(SEGMENTS.length)] ?? 'x')));
    for (let i = 0; i < 300; i++) {
      const f = footprint(Array.from({ length: 1 + random(6) }, () => path(true)), Array.from({ length: random(4) }, () => path(true)));
      for (let j = 0; j < 20; j++) {
        const changed = path(false) as string[];
        expect(touches(f, changed), JSON.stringify({ f, changed })).toBe(touchesByPaths(f, changed));
      }
    }
  });

  it('gives the same answers for places, asked once or again (answers are kept by pointer)', () => {
    const { below: random } = seededRandom(11);
    // keys holding a slash or a tilde must not be taken for other paths
    const SEGMENTS = ['spec', 'containers', '0', 'a', 'b', 'a/b', 'a~1b', 'labels'];
    const path = (wild: boolean): (string | null)[] => Array.from({ length: random(4) }, () => (wild && random(4) === 0 ? null : (SEGMENTS[random(SEGMENTS.length)] ?? 'x')));
    let touched = 0;
    let asked = 0;
    for (let i = 0; i < 200; i++) {
      const f = footprint(Array.from({ length: 1 + random(5) }, () => path(true)), Array.from({ length: random(3) }, () => path(true)));
      for (let j = 0; j < 60; j++) {
        const changed = path(false) as string[];
        const expected = touchesByPaths(f, changed);
        expect(touchesPlace(f, changedPlace(changed)), JSON.stringify({ f, changed })).toBe(expected);
        expect(touchesPlace(f, changedPlace([...changed])), JSON.stringify({ f, changed })).toBe(expected);
        touched += expected ? 1 : 0;
        asked += 1;
      }
    }
    // both answers occur often enough for the comparison to mean something
    expect(touched / asked).toBeGreaterThan(0.1);
    expect(touched / asked).toBeLessThan(0.9);
  });
});

describe('changedPath', () => {
  const pod: JsonObject = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }], hostNetwork: true } };

  it('a replaced or added field changes that field', () => {
    expect(changedPath({ op: 'replace', path: '/spec/hostNetwork', value: false }, pod)).toEqual(['spec', 'hostNetwork']);
    expect(changedPath({ op: 'add', path: '/spec/containers/0/securityContext', value: {} }, pod)).toEqual(['spec', 'containers', '0', 'securityContext']);
    expect(changedPath({ op: 'replace', path: '/spec/containers/1', value: {} }, pod)).toEqual(['spec', 'containers', '1']);
  });

  it('adding or removing list elements changes the whole list (the elements after it move)', () => {
    expect(changedPath({ op: 'add', path: '/spec/containers/1', value: {} }, pod)).toEqual(['spec', 'containers']);
    expect(changedPath({ op: 'remove', path: '/spec/containers/0' }, pod)).toEqual(['spec', 'containers']);
    expect(changedPath({ op: 'add', path: '/spec/containers/-', value: {} }, pod)).toEqual(['spec', 'containers']);
  });

  it('missing parents are created at the deepest existing place', () => {
    expect(changedPath({ op: 'add', path: '/spec/securityContext/runAsNonRoot', value: true }, pod)).toEqual(['spec', 'securityContext']);
    expect(changedPath({ op: 'add', path: '/spec/hostNetwork/x', value: true }, pod)).toEqual(['spec', 'hostNetwork']);
  });

  it('an operation that may move values changes anything', () => {
    expect(changedPaths([{ op: 'move', from: '/a', path: '/b' }], pod)).toBeUndefined();
  });
});

describe('resources footprints cannot reason about', () => {
  it('finds values reached by two paths (YAML aliases)', () => {
    const shared = { privileged: true };
    expect(hasSharedValues({ a: shared, b: [shared] })).toBe(true);
    expect(hasSharedValues({ a: { privileged: true }, b: [{ privileged: true }] })).toBe(false);
  });

  it('finds braces in strings and keys', () => {
    expect(holdsBraces({ a: ['x', 'y{'] })).toBe(true);
    expect(holdsBraces({ 'k}': 1 })).toBe(true);
    expect(holdsBraces({ a: ['x', 'y'], b: 1 })).toBe(false);
  });
});
