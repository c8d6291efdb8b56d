import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { ok, type Outcome } from '../../core/outcome.ts';
import type { MergeSchema } from './merge-schema.ts';

type MergeFn = (dest: JsonValue | undefined, patch: JsonValue | undefined, schema: MergeSchema | undefined, path: string) => Outcome<JsonValue | undefined>;

function isReplaceDirective(element: JsonValue): boolean {
  return isObject(element) && element['$patch'] === 'replace';
}

function sameScalar(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isGone(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0);
}

/** Normalize each element of a list written by the overlay (directives applied, nulls dropped). */
function normalizeAll(elements: JsonValue[], items: MergeSchema | undefined, path: string, merge: MergeFn): Outcome<JsonValue[]> {
  const out: JsonValue[] = [];
  for (const [i, element] of elements.entries()) {
    const merged = merge(element, element, items, `${path}/${i}`);
    if (!merged.ok) return merged;
    if (merged.value !== undefined && !isGone(merged.value)) out.push(merged.value);
  }
  return ok(out);
}

/**
 * Merge two lists (both present and lists, or the resource side missing). Lists the schema
 * does not tag `merge` are replaced by the overlay's list, as written.
 */
export function mergeList(dest: JsonValue | undefined, patch: JsonValue | undefined, schema: MergeSchema | undefined, path: string, merge: MergeFn): Outcome<JsonValue | undefined> {
  if (!isArray(patch)) return ok(dest);
  const strategy = schema?.list;
  if (strategy === undefined) return ok(patch);
  const items = schema?.items;
  if (patch.some(isReplaceDirective)) return normalizeAll(patch.filter((e) => !isReplaceDirective(e)), items, path, merge);
  const destList = isArray(dest) ? dest : [];
  const key = strategy.mergeKey;
  if (key === null) {
    const front: JsonValue[] = [];
    for (const value of patch) {
      if (value !== null && !front.some((r) => sameScalar(r, value))) front.push(value);
    }
    return ok([...front, ...destList.filter((d) => !front.some((f) => sameScalar(f, d)))]);
  }
  const keyOf = (element: JsonValue | undefined): string | undefined => {
    if (!isObject(element)) return undefined;
    const v = element[key];
    return v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  };
  // kustomize merges with ListIncreaseDirection "prepend": the overlay's elements come first, in
  // its order (merged with their resource counterparts), then the resource's other elements.
  const front: JsonValue[] = [];
  const handled = new Set<string>();
  const keyless: JsonValue[] = [];
  for (const element of patch) {
    const k = keyOf(element);
    if (k === undefined) {
      keyless.push(element);
      continue;
    }
    if (handled.has(k)) continue;
    handled.add(k);
    const current = destList.find((d) => keyOf(d) === k);
    const merged = merge(current, element, items, `${path}/${k}`);
    if (!merged.ok) return merged;
    const value = merged.value;
    if (value === undefined || isGone(value)) continue;
    if (isObject(value) && !(key in value) && isObject(element)) value[key] = element[key] ?? null;
    front.push(value);
  }
  const added = normalizeAll(keyless, items, path, merge);
  if (!added.ok) return added;
  // Elements the overlay named were merged above (or deleted); the others follow unchanged.
  const rest = destList.filter((d) => {
    const k = keyOf(d);
    return k === undefined || !handled.has(k);
  });
  return ok([...front, ...added.value, ...rest]);
}
