import { deepEqual, isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { fieldSchema, schemaForResource, type MergeSchema } from '../mutate/merge-schema.ts';

/**
 * Merge an ApplyConfiguration into an object as the API server's server-side apply does
 * (structured-merge-diff with the Kubernetes schema): maps merge field by field; lists
 * typed as maps (`listType: map`: containers by name, volumes by name …) merge element by
 * key, existing elements keeping their place and new ones appended; set lists add the
 * missing scalars; every other list, and every scalar, is replaced.
 */
function mergeList(dest: JsonValue[], patch: JsonValue[], schema: MergeSchema | undefined): JsonValue[] {
  const list = schema?.list;
  if (!list) return patch;
  if (list.mergeKey === null) return [...dest, ...patch.filter((p) => !dest.some((d) => deepEqual(d, p)))];
  const key = list.mergeKey;
  const out = [...dest];
  for (const element of patch) {
    const at = isObject(element) ? out.findIndex((d) => isObject(d) && d[key] !== undefined && deepEqual(d[key], element[key])) : -1;
    if (at === -1) out.push(element);
    else out[at] = mergeApplied(out[at] as JsonValue, element, schema?.items);
  }
  return out;
}

function mergeApplied(dest: JsonValue | undefined, patch: JsonValue, schema: MergeSchema | undefined): JsonValue {
  if (isObject(dest) && isObject(patch)) {
    const out: JsonObject = { ...dest };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) continue;
      out[key] = mergeApplied(dest[key], value, fieldSchema(schema, key));
    }
    return out;
  }
  if (isArray(dest) && isArray(patch)) return mergeList(dest, patch, schema);
  return patch;
}

/** Apply an ApplyConfiguration to an object. */
export function applyConfiguration(object: JsonObject, configuration: JsonObject): JsonObject {
  const merged = mergeApplied(object, configuration, schemaForResource(object));
  return isObject(merged) ? merged : object;
}
