import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { isConditional, parseAnchor, type AnchorKey } from './anchor-key.ts';
import { setOwn } from './own-key.ts';

/**
 * The last step of Kyverno's overlay pre-processing: what is left of the conditions once
 * they were checked is removed, so that only the fields to write remain.
 * (Kyverno: pkg/engine/mutate/patch/strategicPreprocessing.go, deleteAnchors and friends.)
 */

/** Does the node carry an anchor matching `pred` anywhere (keys, nested values, or a scalar spelled as a condition)? */
export function hasAnchors(node: JsonValue | undefined, pred: (a: AnchorKey | null) => boolean): boolean {
  if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (pred(parseAnchor(key))) return true;
      if (hasAnchors(value, pred)) return true;
    }
    return false;
  }
  if (isArray(node)) return node.some((e) => hasAnchors(e, pred));
  if (typeof node === 'string') return isConditional(parseAnchor(node));
  return false;
}

/** Rename a key in place, keeping its position. */
export function renameKey(obj: JsonObject, from: string, to: string): void {
  if (from === to || !Object.prototype.hasOwnProperty.call(obj, from)) return;
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) setOwn(obj, k === from ? to : k, v);
}

/**
 * Remove condition anchors (and scalars when `deleteScalar`); returns true when nothing
 * of the node is left, so the caller removes it. Mutates `node`.
 */
export function deleteAnchors(node: JsonValue | undefined, deleteScalar: boolean, traverseMaps: boolean): boolean {
  if (isObject(node)) return deleteAnchorsInMap(node, traverseMaps);
  if (isArray(node)) return deleteAnchorsInList(node, traverseMaps);
  return deleteScalar;
}

function deleteAnchorsInMap(node: JsonObject, traverseMaps: boolean): boolean {
  let anchorsLeft = false;
  for (const key of Object.keys(node)) {
    if (!isConditional(parseAnchor(key))) continue;
    if (deleteAnchors(node[key], true, traverseMaps)) delete node[key];
    else anchorsLeft = true;
  }
  if (anchorsLeft) stripConditionalAnchors(node);
  let empty = true;
  for (const key of Object.keys(node)) {
    if (deleteAnchors(node[key], false, traverseMaps)) delete node[key];
    else empty = false;
  }
  return empty;
}

/** `(key)` / `<(key)` -> `key` on this map's own keys. */
export function stripConditionalAnchors(node: JsonObject): void {
  for (const key of Object.keys(node)) {
    const anchor = parseAnchor(key);
    if (anchor !== null && isConditional(anchor)) renameKey(node, key, anchor.key);
  }
}

function deleteAnchorsInList(node: JsonValue[], traverseMaps: boolean): boolean {
  const wasEmpty = node.length === 0;
  const original = [...node];
  original.forEach((element, i) => {
    let remove: boolean;
    if (hasAnchors(element, (a) => isConditional(a) || a?.modifier === '+')) {
      remove = traverseMaps && isObject(element) ? deleteAnchors(element, true, traverseMaps) : true;
    } else {
      remove = deleteAnchors(element, false, traverseMaps);
    }
    // Kyverno removes by the element's original index from the shrinking list; kept as is
    // so that overlays with several anchored list entries behave as they do there.
    if (remove && i < node.length) node.splice(i, 1);
  });
  return node.length === 0 && !wasEmpty;
}
