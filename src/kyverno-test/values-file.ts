import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';

/** A `cli.kyverno.io/v1alpha1` `kind: Values` file, ready to answer the engine. */
export interface TestValues {
  /** Variables for one policy/rule/resource: global < rule < resource, in that order of precedence. */
  variablesFor(policy: string, rule: string, resource: string): Record<string, JsonValue>;
  namespaceLabels: Record<string, Record<string, string>>;
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

export function emptyValues(): TestValues {
  return { variablesFor: () => ({}), namespaceLabels: {} };
}

export function parseValues(object: JsonObject): TestValues {
  const global = record(object['globalValues']);
  const policies = named(object['policies']);
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const entry of named(object['namespaceSelector'])) {
    if (typeof entry['name'] === 'string') namespaceLabels[entry['name']] = labels(entry['labels']);
  }
  for (const ns of named(object['namespaces'])) {
    const metadata = isObject(ns['metadata']) ? ns['metadata'] : {};
    if (typeof metadata['name'] === 'string') namespaceLabels[metadata['name']] = labels(metadata['labels']);
  }
  return {
    namespaceLabels,
    variablesFor(policy, rule, resource) {
      const result = { ...global };
      for (const p of policies.filter((p) => p['name'] === policy)) {
        for (const r of named(p['rules'])) if (r['name'] === rule) Object.assign(result, record(r['values']));
        for (const r of named(p['resources'])) if (r['name'] === resource) Object.assign(result, record(r['values']));
      }
      return result;
    },
  };
}
