import { describe, expect, it } from 'vitest';
import { escapePointerSegment, getAtPointer, isObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatch } from '../engine/mutate/json-patch.ts';
import { asPatchObject } from './apply-operation.ts';
import { combinePatches, mayMerge } from './combine-patches.ts';
import { seededRandom } from '../../test/seeded-random.ts';

/** combinePatches as it was first written: the resource brought up to date after every operation. */
function reference(original: JsonValue, patches: readonly JsonPatchOperation[][]): Outcome<JsonPatchOperation[]> {
  const combined: JsonPatchOperation[] = [];
  let state = original;
  const push = (op: JsonPatchOperation): Outcome<true> => {
    const { value } = op;
    if (op.op === 'add' && isObject(value) && getAtPointer(original, op.path) === undefined && isObject(getAtPointer(state, op.path))) {
      for (const [key, member] of Object.entries(value)) {
        const pushed = push({ op: 'add', path: `${op.path}/${escapePointerSegment(key)}`, value: member });
        if (!pushed.ok) return pushed;
      }
      return ok(true);
    }
    const next = applyJsonPatch(state, [asPatchObject(op)]);
    if (!next.ok) return err(next.error);
    state = next.value;
    combined.push(op);
    return ok(true);
  };
  for (const patch of patches) for (const op of patch) {
    const pushed = push(op);
    if (!pushed.ok) return pushed;
  }
  return ok(combined);
}

/** A small deterministic generator, so that a failure can be replayed. */
const PATHS = ['/a', '/a/b', '/a/b/c', '/a/x', '/l', '/l/0', '/l/1', '/l/2', '/l/3', '/l/-', '/l/-1', '/l/01', '/l/0/b', '/l/1/b', '/l/2/b', '/s', '/s/t', '/n', '/a~1b', '/q'];
const VALUES: JsonValue[] = [{ b: 1 }, { c: { d: 2 } }, { x: 'y', b: { c: 3 } }, 1, 'v', [{ b: 1 }], [], {}, null];

function randomOps(next: () => number, count: number): JsonPatchOperation[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, (): JsonPatchOperation => {
    const kind = pick(['add', 'add', 'add', 'replace', 'remove', 'move', 'copy', 'test'] as const);
    const path = pick(PATHS);
    if (kind === 'remove') return { op: kind, path };
    if (kind === 'move' || kind === 'copy') return { op: kind, path, from: pick(PATHS) };
    return { op: kind, path, value: pick(VALUES) };
  });
}

describe('combinePatches', () => {
  const original: JsonValue = { l: [{ b: 0 }, { b: 1 }], s: 'text', n: null };

  it('merges an add of an object into the object an earlier fix created, and not into one that was there', () => {
    const first: JsonPatchOperation[] = [{ op: 'add', path: '/a', value: { b: 1 } }];
    const second: JsonPatchOperation[] = [{ op: 'add', path: '/a', value: { c: 2 } }];
    expect(combinePatches(original, [first, second])).toEqual(ok([first[0], { op: 'add', path: '/a/c', value: 2 }]));
    const there: JsonPatchOperation[] = [{ op: 'add', path: '/l/0', value: { z: 1 } }];
    expect(combinePatches(original, [there, there])).toEqual(ok([there[0], there[0]]));
  });

  it('sees an object a list insertion moved into place, and fails on the first operation that does not apply', () => {
    // /l/2 was not there; once an item is inserted before the two, the second is there
    const shift: JsonPatchOperation[] = [{ op: 'add', path: '/l/0', value: { z: 1 } }, { op: 'add', path: '/l/2', value: { c: 3 } }];
    expect(combinePatches(original, [shift])).toEqual(ok([shift[0], { op: 'add', path: '/l/2/c', value: 3 }]));
    expect(reference(original, [shift])).toEqual(combinePatches(original, [shift]));
    const broken: JsonPatchOperation[] = [{ op: 'replace', path: '/missing', value: 1 }, { op: 'add', path: '/s/t', value: 1 }];
    expect(combinePatches(original, [broken])).toEqual(reference(original, [broken]));
    expect(combinePatches(original, [broken]).ok).toBe(false);
  });

  it('gives what bringing the resource up to date after every operation gives, on random patches', () => {
    const next = seededRandom(7).next;
    for (let round = 0; round < 3000; round++) {
      const patches = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomOps(next, 1 + Math.floor(next() * 5)));
      expect(combinePatches(original, patches), JSON.stringify(patches)).toEqual(reference(original, patches));
    }
  });

  it('leaves a patch that applies as it is when it cannot merge', () => {
    const next = seededRandom(11).next;
    let asIs = 0;
    for (let round = 0; round < 3000; round++) {
      const patch = randomOps(next, 1 + Math.floor(next() * 6));
      const combined = reference(original, [patch]);
      if (!combined.ok || mayMerge(original, patch)) continue;
      asIs++;
      expect(combined.value.length === patch.length && combined.value.every((op, i) => op === patch[i]), JSON.stringify(patch)).toBe(true);
    }
    expect(asIs).toBeGreaterThan(100);
    expect(mayMerge(original, [{ op: 'add', path: '/a', value: { b: 1 } }, { op: 'add', path: '/a', value: { c: 1 } }])).toBe(true);
  });
});
