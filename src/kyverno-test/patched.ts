import { deepEqual, isObject, type JsonObject } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';

/** Find the patched resource that corresponds to an actual one (same kind, name, namespace). */
export function findCounterpart(candidates: readonly JsonObject[], actual: JsonObject): JsonObject | undefined {
  const want = resourceRef(actual);
  return candidates.find((c) => {
    const ref = resourceRef(c);
    return ref.kind === want.kind && ref.name === want.name && (ref.namespace ?? '') === (want.namespace ?? '');
  });
}

export function samePatched(expected: JsonObject | undefined, actual: JsonObject): boolean {
  return expected !== undefined && deepEqual(stripNoise(expected), stripNoise(actual));
}

function stripNoise(object: JsonObject): JsonObject {
  const metadata = isObject(object['metadata']) ? { ...object['metadata'] } : undefined;
  if (!metadata) return object;
  delete metadata['creationTimestamp'];
  return { ...object, metadata };
}
