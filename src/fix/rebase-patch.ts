import type { JsonPatchOperation } from '../engine/types.ts';

/**
 * A resource's patch made relative to the document that holds it: for an item of a
 * `kind: List` document, `prefix` is the item's pointer (`/items/3`), so the patch can be
 * given to editsForPatch with the List document's index. '' leaves the patch as it is.
 */
export function rebasePatch(prefix: string, patch: readonly JsonPatchOperation[]): JsonPatchOperation[] {
  return patch.map((op) => ({
    ...op,
    path: prefix + op.path,
    ...(op.from !== undefined ? { from: prefix + op.from } : {}),
  }));
}
