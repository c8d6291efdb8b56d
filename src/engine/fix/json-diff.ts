import { deepEqual, isObject, joinPointer, type JsonValue } from '../../core/json.ts';
import type { JsonPatchOperation } from '../types.ts';
import { appendAll } from '../../core/append-all.ts';

/**
 * The RFC 6902 operations that turn `before` into `after`: objects key by key, arrays
 * item by item when their lengths allow (appended items become `add`s), otherwise the
 * array is replaced whole. Minimal enough to become small source edits.
 */
export function jsonDiff(before: JsonValue, after: JsonValue, pointer = ''): JsonPatchOperation[] {
  if (deepEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const ops: JsonPatchOperation[] = [];
    for (const key of Object.keys(before)) {
      if (!(key in after)) ops.push({ op: 'remove', path: joinPointer(pointer, key) });
    }
    for (const [key, value] of Object.entries(after)) {
      const earlier = before[key];
      // the same value, untouched by the patch: nothing to do (deepEqual would say so)
      if (earlier === value && key in before) continue;
      const path = joinPointer(pointer, key);
      if (!(key in before)) ops.push({ op: 'add', path, value });
      else appendAll(ops, jsonDiff(earlier ?? null, value, path));
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
    const ops: JsonPatchOperation[] = [];
    before.forEach((item, i) => appendAll(ops, jsonDiff(item, after[i] ?? null, joinPointer(pointer, i))));
    for (let i = before.length; i < after.length; i++) ops.push({ op: 'add', path: joinPointer(pointer, i), value: after[i] ?? null });
    return ops;
  }
  return [{ op: 'replace', path: pointer, value: after }];
}
