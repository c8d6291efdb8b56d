import { escapePointerSegment, fromPointer, getAtPointer, isObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatchShared } from '../engine/mutate/json-patch.ts';
import { asPatchObject } from './apply-operation.ts';

const INDEX = /^[+-]?\d+$/;

/** Two path segments that may name the same member: equal, or both list indexes (`-1`, `01` and `2` may be one item). */
const mayBeOne = (a: string, b: string): boolean => a === b || ((a === '-' || INDEX.test(a)) && (b === '-' || INDEX.test(b)));

/** Paths already split (the same few recur from document to document); forgotten when many. */
const SPLIT = new Map<string, readonly string[]>();

function segments(pointer: string): readonly string[] {
  let split = SPLIT.get(pointer);
  if (split === undefined) {
    if (SPLIT.size >= 10_000) SPLIT.clear();
    split = fromPointer(pointer);
    SPLIT.set(pointer, split);
  }
  return split;
}

const startsLike = (path: readonly string[], prefix: readonly string[]): boolean => prefix.length <= path.length && prefix.every((s, i) => mayBeOne(s, path[i] ?? ''));

/**
 * Whether applying `op` may change the value at `path`: it writes at or above the path (list
 * indexes taken as possibly the same item, which covers the items an insertion or removal
 * shifts), or under it (an `add` creates the path as a parent of what it adds). A write
 * elsewhere, at another key, leaves the value at `path` as it was.
 */
export function mayChange(op: JsonPatchOperation, path: string): boolean {
  if (op.op === 'test') return false;
  const writes = op.op === 'move' ? [op.path, op.from ?? ''] : [op.path];
  return writes.some((written) => {
    if ((written !== '' && !written.startsWith('/')) || (path !== '' && !path.startsWith('/'))) return true;
    const at = segments(written);
    const target = segments(path);
    return startsLike(target, at) || startsLike(at, target);
  });
}

/** Whether an `add` of an object at `op.path` is one combinePatches may turn into `add`s of its members. */
const mayMergeAt = (original: JsonValue, op: JsonPatchOperation, earlier: readonly JsonPatchOperation[], count = earlier.length): boolean =>
  op.op === 'add' && isObject(op.value) && getAtPointer(original, op.path) === undefined && earlier.some((e, i) => i < count && mayChange(e, op.path));

/**
 * Whether combinePatches may change a patch of its own (turn an `add` into `add`s of members);
 * when not, a patch that applies is combined into itself.
 */
export function mayMerge(original: JsonValue, patch: readonly JsonPatchOperation[]): boolean {
  return patch.some((op, i) => mayMergeAt(original, op, patch, i));
}

/**
 * One patch from several fixes of the same resource, applied in order. An `add` of an
 * object at a path that was absent from the resource but that an earlier fix created as
 * an object becomes `add`s of its members, so the fixes add up instead of overwriting
 * each other. `original`: a resource as read from text (no value reached by two paths).
 */
export function combinePatches(original: JsonValue, patches: readonly JsonPatchOperation[][]): Outcome<JsonPatchOperation[]> {
  const combined: JsonPatchOperation[] = [];
  // The resource after the operations so far is needed only where an `add` of an object may
  // merge into what an earlier operation made, and to check that every operation applies: it is
  // brought up to date then, the operations not yet applied in one call. Applied in order, the first that fails gives the same error as when each
  // is applied as it comes.
  let state = original;
  let applied = 0;
  const upToDate = (): Outcome<JsonValue> => {
    if (applied === combined.length) return ok(state);
    // the resource as read from text shares no values, and the state is only read: no copy of the whole resource
    const next = applyJsonPatchShared(state, combined.slice(applied).map(asPatchObject));
    if (!next.ok) return err(next.error);
    state = next.value;
    applied = combined.length;
    return ok(state);
  };
  const push = (op: JsonPatchOperation): Outcome<true> => {
    const { value } = op;
    if (mayMergeAt(original, op, combined) && isObject(value)) {
      const now = upToDate();
      if (!now.ok) return now;
      if (isObject(getAtPointer(now.value, op.path))) {
        for (const [key, member] of Object.entries(value)) {
          const pushed = push({ op: 'add', path: `${op.path}/${escapePointerSegment(key)}`, value: member });
          if (!pushed.ok) return pushed;
        }
        return ok(true);
      }
    }
    combined.push(op);
    return ok(true);
  };
  for (const patch of patches) {
    for (const op of patch) {
      const pushed = push(op);
      if (!pushed.ok) return pushed;
    }
  }
  const end = upToDate();
  return end.ok ? ok(combined) : end;
}
