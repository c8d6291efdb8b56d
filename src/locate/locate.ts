import { isListItemOrigin } from '../manifest/origin.ts';
import type { ManifestOrigin, Range } from '../manifest/types.ts';

export interface Located {
  range: Range;
  /** false when the pointer's node is absent and `range` is its nearest existing parent's. */
  exact: boolean;
}

/**
 * The source range of the node at `pointer` (RFC 6901) in a resource.
 *
 * For a mapping entry the range starts at its key, so `range.start.line` is
 * the line holding the key; for a sequence item it is the item. When the node
 * does not exist (a missing field), the nearest existing parent's range is
 * returned with `exact: false`. Pointers into an item of a List document may
 * be given relative to the item ('/spec/replicas') or to the document
 * ('/items/2/spec/replicas'). Never throws; falls back to the document range.
 */
export function locatePointer(origin: ManifestOrigin, pointer: string): Located {
  const normalized = pointer === '' || pointer.startsWith('/') ? pointer : '/' + pointer;
  const direct = origin.ranges.get(normalized);
  if (direct) return { range: direct, exact: true };
  const relative = relativeToItem(origin, normalized);
  if (relative !== undefined) {
    const inItem = origin.ranges.get(relative);
    if (inItem) return { range: inItem, exact: true };
    return nearestParent(origin, relative);
  }
  return nearestParent(origin, normalized);
}

function relativeToItem(origin: ManifestOrigin, pointer: string): string | undefined {
  if (!isListItemOrigin(origin)) return undefined;
  const prefix = origin.itemPointer;
  if (pointer === prefix) return '';
  return pointer.startsWith(prefix + '/') ? pointer.slice(prefix.length) : undefined;
}

function nearestParent(origin: ManifestOrigin, pointer: string): Located {
  let current = pointer;
  while (current !== '') {
    current = current.slice(0, current.lastIndexOf('/'));
    const range = origin.ranges.get(current);
    if (range) return { range, exact: false };
  }
  return { range: origin.documentRange, exact: false };
}
