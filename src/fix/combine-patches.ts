import { escapePointerSegment, getAtPointer, isObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatch } from '../engine/mutate/json-patch.ts';
import { asPatchObject } from './apply-operation.ts';

/**
 * One patch from several fixes of the same resource, applied in order. An `add` of an
 * object at a path that was absent from the resource but that an earlier fix created as
 * an object becomes `add`s of its members, so the fixes add up instead of overwriting
 * each other.
 */
export function combinePatches(original: JsonValue, patches: readonly JsonPatchOperation[][]): Outcome<JsonPatchOperation[]> {
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
  for (const patch of patches) {
    for (const op of patch) {
      const pushed = push(op);
      if (!pushed.ok) return pushed;
    }
  }
  return ok(combined);
}
