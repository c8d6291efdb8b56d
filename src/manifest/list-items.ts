import { isObject } from '../core/json.ts';
import type { JsonObject, JsonValue } from '../core/json.ts';
import type { DocumentRead } from './document-resources.ts';
import type { ListItemOrigin } from './origin.ts';
import type { ManifestOrigin, Range } from './types.ts';

/**
 * A list document: `kind: List` (v1) or any `…List` kind, with an `items`
 * array, as kubectl expands them.
 */
export function isListObject(value: JsonObject): value is JsonObject & { items: JsonValue[] } {
  const kind = value['kind'];
  return typeof value['apiVersion'] === 'string' && typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value['items']);
}

/**
 * One resource per item; items without apiVersion/kind are counted as skipped.
 * Each item's ranges are re-based on the item (see ListItemOrigin), built in
 * one pass over the document's ranges.
 */
export function expandList(list: JsonObject & { items: JsonValue[] }, origin: ManifestOrigin): DocumentRead {
  const perItem = splitRanges(origin.ranges, list.items.length);
  const read: DocumentRead = { resources: [], skipped: 0, problems: [] };
  list.items.forEach((item, index) => {
    if (!isObject(item) || typeof item['apiVersion'] !== 'string' || typeof item['kind'] !== 'string') {
      read.skipped += 1;
      return;
    }
    const itemOrigin: ListItemOrigin = {
      file: origin.file,
      documentIndex: origin.documentIndex,
      documentRange: origin.documentRange,
      ranges: perItem[index] ?? new Map(),
      itemPointer: `/items/${index}`,
    };
    read.resources.push({ object: item, origin: itemOrigin });
  });
  return read;
}

function splitRanges(ranges: ReadonlyMap<string, Range>, count: number): Map<string, Range>[] {
  const maps = Array.from({ length: count }, () => new Map<string, Range>());
  const prefix = '/items/';
  for (const [pointer, range] of ranges) {
    if (!pointer.startsWith(prefix)) continue;
    const slash = pointer.indexOf('/', prefix.length);
    const segment = slash === -1 ? pointer.slice(prefix.length) : pointer.slice(prefix.length, slash);
    const index = Number(segment);
    if (!Number.isInteger(index)) continue;
    maps[index]?.set(slash === -1 ? '' : pointer.slice(slash), range);
  }
  return maps;
}
