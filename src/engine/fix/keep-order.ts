import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { fieldSchema, schemaForResource, type MergeSchema } from '../mutate/merge-schema.ts';

/** The merge keys of a list's elements, undefined when one has none or two share one. */
function keysOf(list: readonly JsonValue[], key: string): string[] | undefined {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const element of list) {
    const value = isObject(element) ? element[key] : undefined;
    if (value === undefined || value === null) return undefined;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (seen.has(text)) return undefined;
    seen.add(text);
    keys.push(text);
  }
  return keys;
}

const sameItems = (a: readonly JsonValue[], b: readonly JsonValue[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** A merged list of scalars (a set): what was there first, in its order, then what is new. */
function keepSetOrder(before: readonly JsonValue[], after: JsonValue[]): JsonValue[] {
  const all = [...before, ...after];
  if (!all.every((v) => v === null || typeof v !== 'object')) return after;
  const kept = new Set(after.map((v) => JSON.stringify(v)));
  const placed = new Set<string>();
  const out: JsonValue[] = [];
  for (const v of all) {
    const text = JSON.stringify(v);
    if (kept.has(text) && !placed.has(text)) {
      placed.add(text);
      out.push(v);
    }
  }
  return sameItems(out, after) ? after : out;
}

function keepOrderIn(before: JsonValue | undefined, after: JsonValue, schema: MergeSchema | undefined): JsonValue {
  // a part the merge left alone (the same value) is in its order
  if (schema === undefined || before === after) return after;
  if (isObject(before) && isObject(after)) {
    // only where the schema goes can a merged list lie
    let out: Record<string, JsonValue> | undefined;
    for (const key of Object.keys(schema.fields ?? {})) {
      const value = after[key];
      if (value === undefined || !(key in before)) continue;
      const kept = keepOrderIn(before[key], value, fieldSchema(schema, key));
      if (kept === value) continue;
      out ??= { ...after };
      out[key] = kept;
    }
    return out ?? after;
  }
  if (!isArray(before) || !isArray(after) || schema.list === undefined) return after;
  const mergeKey = schema.list.mergeKey;
  if (mergeKey === null) return keepSetOrder(before, after);
  const beforeKeys = keysOf(before, mergeKey);
  const afterKeys = keysOf(after, mergeKey);
  if (beforeKeys === undefined || afterKeys === undefined) return after;
  const byKey = new Map(afterKeys.map((k, i) => [k, after[i] as JsonValue]));
  const out: JsonValue[] = [];
  beforeKeys.forEach((k, i) => {
    const element = byKey.get(k);
    if (element !== undefined) out.push(keepOrderIn(before[i], element, schema.items));
  });
  const old = new Set(beforeKeys);
  afterKeys.forEach((k, i) => {
    if (!old.has(k)) out.push(after[i] as JsonValue);
  });
  return sameItems(out, after) ? after : out;
}

/**
 * A resource after a fix's strategic merge, its merged lists (containers, init containers,
 * volumes, env … — those the merge schema keys) back in the order the resource had them: the
 * merge puts the elements an overlay names first (as Kyverno's merge does), which as a fix
 * would move a container, and reorder init containers, which run in order. Elements the fix
 * adds come after the others. A list whose elements lack a key, or share one, stays as merged.
 */
export function keepListOrder<T extends JsonValue>(before: T, after: T): T {
  const schema = isObject(before) ? schemaForResource(before) : undefined;
  return schema === undefined ? after : (keepOrderIn(before, after, schema) as T);
}
