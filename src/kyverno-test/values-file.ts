import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';

/**
 * A subresource the test's resources stand for (Values `subresources`): a resource of the
 * subresource's kind (PodExecOptions, Scale) is judged as that subresource of the parent
 * kind (`Pod/exec`, `Deployment/scale`).
 */
export interface SubresourceMapping {
  subresource: { group: string; version: string; kind: string };
  parent: { group: string; version: string; kind: string };
  /** The subresource's name without the parent's resource: `exec`, `scale`. */
  name: string;
}

/** A `cli.kyverno.io/v1alpha1` `kind: Values` file, ready to answer the engine. */
export interface TestValues {
  /**
   * Variables for one policy/rule/resource, in Kyverno's order: global values, then the
   * resource's, then the rule's (and the first entry of each `foreachValues` list).
   */
  variablesFor(policy: string, rule: string, resource: string): Record<string, JsonValue>;
  /** The values Kyverno puts into the request itself before matching: global, then the resource's. */
  requestValuesFor(policy: string, resource: string): Record<string, JsonValue>;
  namespaceLabels: Record<string, Record<string, string>>;
  subresources: SubresourceMapping[];
  /** The Namespace objects of the `namespaces` list, by name (CEL's namespaceObject). */
  namespaces: Record<string, JsonObject>;
}

function record(value: JsonValue | undefined): Record<string, JsonValue> {
  return isObject(value) ? { ...value } : {};
}

function labels(value: JsonValue | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') result[k] = v;
  return result;
}

function named(list: JsonValue | undefined): JsonObject[] {
  return isArray(list) ? list.filter(isObject) : [];
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

function groupVersionKind(value: JsonValue | undefined): { group: string; version: string; kind: string } {
  const o = isObject(value) ? value : {};
  return { group: text(o['group']), version: text(o['version']), kind: text(o['kind']) };
}

function subresourcesOf(list: JsonValue | undefined): SubresourceMapping[] {
  return named(list).map((entry) => {
    const sub = isObject(entry['subresource']) ? entry['subresource'] : {};
    const name = text(sub['name']);
    return {
      subresource: groupVersionKind(sub),
      parent: groupVersionKind(entry['parentResource']),
      name: name.includes('/') ? name.slice(name.indexOf('/') + 1) : name,
    };
  });
}

/**
 * `foreachValues` give a list per variable. The Kyverno CLI reads the entry of its foreach
 * element counter, which it never advances: every element sees the first entry. preadmit
 * does the same, so a test passes or fails as it does under `kyverno test`.
 */
function firstOfEach(value: JsonValue | undefined): Record<string, JsonValue> {
  const result: Record<string, JsonValue> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (isArray(v) && v.length > 0) result[k] = v[0] ?? null;
  return result;
}

export function emptyValues(): TestValues {
  return { variablesFor: () => ({}), requestValuesFor: () => ({}), namespaceLabels: {}, subresources: [], namespaces: {} };
}

export function parseValues(object: JsonObject): TestValues {
  const global = record(object['globalValues']);
  const policies = named(object['policies']);
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const entry of named(object['namespaceSelector'])) {
    if (typeof entry['name'] === 'string') namespaceLabels[entry['name']] = labels(entry['labels']);
  }
  const namespaces: Record<string, JsonObject> = {};
  for (const ns of named(object['namespaces'])) {
    const metadata = isObject(ns['metadata']) ? ns['metadata'] : {};
    if (typeof metadata['name'] === 'string') {
      namespaceLabels[metadata['name']] = labels(metadata['labels']);
      namespaces[metadata['name']] = ns;
    }
  }
  const requestValuesFor = (policy: string, resource: string): Record<string, JsonValue> => {
    const result = { ...global };
    for (const p of policies.filter((p) => p['name'] === policy)) {
      for (const r of named(p['resources'])) if (r['name'] === resource) Object.assign(result, record(r['values']));
    }
    return result;
  };
  return {
    namespaceLabels,
    subresources: subresourcesOf(object['subresources']),
    requestValuesFor,
    namespaces,
    variablesFor(policy, rule, resource) {
      const result = requestValuesFor(policy, resource);
      for (const p of policies.filter((p) => p['name'] === policy)) {
        for (const r of named(p['rules'])) {
          if (r['name'] !== rule) continue;
          Object.assign(result, record(r['values']), firstOfEach(r['foreachValues']));
        }
      }
      return result;
    },
  };
}
