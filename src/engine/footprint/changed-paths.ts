import { fromPointer, isObject, type JsonValue } from '../../core/json.ts';
import type { JsonPatchOperation } from '../types.ts';

const INDEX = /^(0|[1-9]\d*)$/;

/**
 * The place a JSON Patch operation changes, as a concrete path whose whole subtree may
 * differ afterwards, read against the resource before the patch. An operation that adds or
 * removes list elements changes the whole list (the elements after it move); one that adds
 * a key, or creates missing parents, changes that key of the deepest existing object.
 * Undefined when the operation may change anything (move, copy, test …).
 */
export function changedPath(op: JsonPatchOperation, before: JsonValue): string[] | undefined {
  if (op.op !== 'add' && op.op !== 'remove' && op.op !== 'replace') return undefined;
  if (op.path !== '' && !op.path.startsWith('/')) return undefined;
  const segments = fromPointer(op.path);
  let node: JsonValue | undefined = before;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      const index = INDEX.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= node.length || (last && op.op !== 'replace')) return segments.slice(0, i);
      if (last) return segments;
      node = node[index];
    } else if (isObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, segment)) return segments.slice(0, i + 1);
      if (last) return segments;
      node = node[segment];
    } else {
      return segments.slice(0, i);
    }
  }
  return segments;
}

/** The places a patch changes, each read against the resource before the patch; undefined when anything may change. */
export function changedPaths(ops: readonly JsonPatchOperation[], before: JsonValue): string[][] | undefined {
  const paths: string[][] = [];
  for (const op of ops) {
    const path = changedPath(op, before);
    if (path === undefined) return undefined;
    paths.push(path);
  }
  return paths;
}
