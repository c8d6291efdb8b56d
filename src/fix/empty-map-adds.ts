import { fromPointer, getAtPointer, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { mayChange } from './combine-patches.ts';

const parentOf = (pointer: string): string => pointer.slice(0, pointer.lastIndexOf('/'));

/**
 * Two or more `add`s in a row of members of a map that is empty in the document (`resources: {}`,
 * often followed by a commented-out example) become one `add` of the map with those members:
 * written together, they come out as one block before the comments, where one by one the
 * second would land after them. The patched document is the same; a single add, or adds to a
 * map an earlier operation of the patch touched, are left as they are.
 */
export function mergeAddsIntoEmptyMaps(original: JsonValue, patch: readonly JsonPatchOperation[]): JsonPatchOperation[] {
  const out: JsonPatchOperation[] = [];
  for (let at = 0; at < patch.length; ) {
    const op = patch[at] as JsonPatchOperation;
    const parent = op.op === 'add' && op.path !== '' ? parentOf(op.path) : undefined;
    const map = parent === undefined ? undefined : getAtPointer(original, parent);
    let end = at + 1;
    if (parent !== undefined && isObject(map) && Object.keys(map).length === 0 && !patch.slice(0, at).some((earlier) => mayChange(earlier, parent))) {
      while (end < patch.length && patch[end]?.op === 'add' && parentOf(patch[end]?.path ?? '') === parent) end++;
    }
    const run = patch.slice(at, end);
    const keys = run.map((o) => fromPointer(o.path).at(-1) ?? '');
    if (run.length < 2 || parent === undefined || new Set(keys).size !== keys.length) {
      out.push(op);
      at++;
      continue;
    }
    const members: JsonObject = {};
    run.forEach((o, index) => {
      members[keys[index] as string] = o.value as JsonValue;
    });
    out.push({ op: 'add', path: parent, value: members });
    at = end;
  }
  return out;
}
