import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { fieldSchema, type MergeSchema } from './merge-schema.ts';
import { mergeList } from './strategic-merge-list.ts';
import { setOwn } from './own-key.ts';

/**
 * A strategic merge of an overlay into a resource, with the semantics of the merge Kyverno
 * uses (kustomize kyaml merge2 with the Kubernetes schema):
 * - maps merge key by key; a `null` in the overlay deletes the field;
 * - lists tagged `merge` in the schema merge element by element on their merge key
 *   (new elements are appended); other lists are replaced;
 * - scalars are replaced;
 * - `$patch: delete | replace | merge` on a map; `{$patch: replace}` as a list element
 *   replaces the list; `$retainKeys` and `$deleteFromPrimitiveList/<field>` as in
 *   Kubernetes; `$setElementOrder/<field>` is accepted and ignored.
 *
 * `undefined` as a result means "the field is removed".
 */
export type Merged = Outcome<JsonValue | undefined>;

type NodeKind = 'map' | 'list' | 'scalar' | 'null';

function kindOf(value: JsonValue | undefined): NodeKind {
  if (value === undefined || value === null) return 'null';
  if (isArray(value)) return 'list';
  if (isObject(value)) return 'map';
  return 'scalar';
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM_LIST = '$deleteFromPrimitiveList/';

export function mergeValue(dest: JsonValue | undefined, patch: JsonValue | undefined, schema: MergeSchema | undefined, path: string): Merged {
  // A null in the overlay removes the field; what the overlay does not mention is kept as is.
  if (patch === null) return ok(undefined);
  if (patch === undefined) return ok(dest);
  const kinds = [kindOf(dest), kindOf(patch)].filter((k) => k !== 'null');
  const kind = kinds[0] ?? 'null';
  if (kinds.some((k) => k !== kind)) {
    return err(`${path || '/'}: the patch has a ${kindOf(patch)} where the resource has a ${kindOf(dest)}`);
  }
  if (kind === 'list') return mergeList(dest, patch, schema, path, mergeValue);
  if (kind === 'scalar') return ok(patch);
  return mergeMap(dest, patch, schema, path);
}

/** A value of the overlay written where the resource has nothing: directives applied, nulls dropped. */
export function normalize(patch: JsonValue, schema: MergeSchema | undefined, path: string): Merged {
  return mergeValue(patch, patch, schema, path);
}

interface MapDirectives {
  directive: 'merge' | 'replace' | 'delete';
  retainKeys?: string[];
  deleteFromList: Record<string, JsonValue[]>;
  fields: JsonObject;
}

function readDirectives(patch: JsonObject, path: string): Outcome<MapDirectives> {
  const fields: JsonObject = {};
  const deleteFromList: Record<string, JsonValue[]> = {};
  let directive: MapDirectives['directive'] = 'merge';
  let retainKeys: string[] | undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE) {
      if (value !== 'merge' && value !== 'replace' && value !== 'delete') return err(`${path || '/'}: unknown patch strategy '${String(value)}'`);
      directive = value;
    } else if (key === RETAIN_KEYS) {
      if (!isArray(value)) return err(`${path || '/'}: $retainKeys must be a list`);
      retainKeys = value.map(String);
    } else if (key.startsWith(SET_ORDER)) {
      continue;
    } else if (key.startsWith(DELETE_FROM_LIST)) {
      deleteFromList[key.slice(DELETE_FROM_LIST.length)] = isArray(value) ? value : [value];
    } else {
      setOwn(fields, key, value);
    }
  }
  return ok(retainKeys === undefined ? { directive, deleteFromList, fields } : { directive, retainKeys, deleteFromList, fields });
}

function mergeMap(dest: JsonValue | undefined, patch: JsonValue, schema: MergeSchema | undefined, path: string): Merged {
  if (!isObject(patch)) return ok(undefined);
  const read = readDirectives(patch, path);
  if (!read.ok) return read;
  const { directive, fields } = read.value;
  if (directive === 'delete') return ok(undefined);
  const base: JsonObject = isObject(dest) && directive === 'merge' ? dest : fields;
  const result: JsonObject = {};
  const keys = [...Object.keys(base), ...Object.keys(fields).filter((k) => !Object.prototype.hasOwnProperty.call(base, k))];
  for (const key of keys) {
    const patchValue = fields[key];
    if (patchValue === undefined) {
      // what the overlay does not mention is kept as is (mergeValue with no patch)
      const kept = base[key];
      if (kept !== undefined) setOwn(result, key, kept);
      continue;
    }
    const merged = mergeValue(base[key], patchValue, fieldSchema(schema, key), `${path}/${key}`);
    if (!merged.ok) return merged;
    if (merged.value !== undefined) setOwn(result, key, merged.value);
  }
  for (const [key, values] of Object.entries(read.value.deleteFromList)) {
    const list = result[key];
    if (!isArray(list)) continue;
    const drop = new Set(values.map((v) => JSON.stringify(v)));
    setOwn(result, key, list.filter((v) => !drop.has(JSON.stringify(v))));
  }
  const retain = read.value.retainKeys;
  if (retain !== undefined) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return ok(result);
}
