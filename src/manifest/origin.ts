import type { ManifestOrigin } from './types.ts';

/**
 * Origin of an item of a `kind: List` document.
 *
 * Its `ranges` are re-based on the item: '' is the item itself and
 * '/spec/replicas' is the item's field, exactly like a resource of its own,
 * so locating works the same for both. `documentRange` stays the range of the
 * whole YAML document; `itemPointer` ('/items/3') says where the item sits in
 * it, for anything that edits the document text (see `documentPointer`).
 */
export interface ListItemOrigin extends ManifestOrigin {
  itemPointer: string;
}

export function isListItemOrigin(origin: ManifestOrigin): origin is ListItemOrigin {
  return typeof (origin as Partial<ListItemOrigin>).itemPointer === 'string';
}

/** The pointer into the YAML document for a pointer into the resource. */
export function documentPointer(origin: ManifestOrigin, pointer: string): string {
  return isListItemOrigin(origin) ? origin.itemPointer + pointer : pointer;
}
