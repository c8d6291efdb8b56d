import { deepEqual, isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import { isClusterScopedKind } from '../engine/match/scope.ts';

/** The Kyverno CLI puts namespaced test resources without a namespace in "default". */
export function withDefaultNamespace(doc: JsonObject): JsonObject {
  const kind = typeof doc['kind'] === 'string' ? doc['kind'] : '';
  const metadata = isObject(doc['metadata']) ? doc['metadata'] : {};
  if (isClusterScopedKind(kind) || typeof metadata['namespace'] === 'string') return doc;
  return { ...doc, metadata: { ...metadata, namespace: 'default' } };
}

/** As `kyverno test` compares patched resources: empty maps, empty lists and nulls are dropped. */
export function tidy(value: JsonValue): JsonValue | undefined {
  if (isArray(value)) {
    const items = value.map(tidy).filter((v): v is JsonValue => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, tidy(v)] as const)
      .filter((e): e is readonly [string, JsonValue] => e[1] !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

/** Find the patched resource that corresponds to an actual one (same kind, name, namespace). */
export function findCounterpart(candidates: readonly JsonObject[], actual: JsonObject): JsonObject | undefined {
  const want = resourceRef(actual);
  return candidates.map(withDefaultNamespace).find((c) => {
    const ref = resourceRef(c);
    return ref.kind === want.kind && ref.name === want.name && (ref.namespace ?? '') === (want.namespace ?? '');
  });
}

export function samePatched(expected: JsonObject | undefined, actual: JsonObject): boolean {
  return expected !== undefined && deepEqual(tidy(expected), tidy(actual));
}
