import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { ClusterMocks } from './types.ts';
import { evaluateExpressionOn, substituteAll, type VariableScope } from './variables.ts';

/** What a mock answered for a context entry: a value, an error, or nothing (not mocked). */
export type MockAnswer = Outcome<JsonValue> | undefined;

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

function substituted(value: JsonValue | undefined, scope: VariableScope, what: string, name: string): Outcome<string> {
  const result = substituteAll(value ?? '', scope);
  if (!result.ok) return err(`context entry "${name}": failed to substitute variables in ${what}: ${result.error}`);
  return ok(typeof result.value === 'string' ? result.value : JSON.stringify(result.value));
}

/** Apply an entry's (substituted) `jmesPath` to the data it loaded. */
function project(data: JsonValue, jmesPath: JsonValue | undefined, scope: VariableScope, name: string): Outcome<JsonValue> {
  if (typeof jmesPath !== 'string' || jmesPath.trim() === '') return ok(data);
  const query = substituted(jmesPath, scope, 'jmesPath', name);
  if (!query.ok) return query;
  const result = evaluateExpressionOn(query.value, data, scope);
  return result.ok ? result : err(`context entry "${name}": failed to apply JMESPath ${query.value}: ${result.error}`);
}

function apiCall(call: JsonObject, mocks: ClusterMocks, scope: VariableScope, name: string): MockAnswer {
  if (!mocks.apiCall) return undefined;
  const service = isObject(call['service']) ? call['service'] : undefined;
  const url = substituted(service ? service['url'] : call['urlPath'], scope, service ? 'service.url' : 'urlPath', name);
  if (!url.ok) return url;
  const method = text(call['method']).toUpperCase() || 'GET';
  const answer = mocks.apiCall(method, url.value);
  if (!answer) return undefined;
  if (answer.status < 200 || answer.status >= 300) {
    if (call['default'] !== undefined) return ok(call['default'] ?? null);
    return err(`context entry "${name}": the mocked API call ${method} ${url.value} answered HTTP ${answer.status}`);
  }
  const projected = project(answer.body, call['jmesPath'], scope, name);
  if (!projected.ok && call['default'] !== undefined) return ok(call['default'] ?? null);
  return projected;
}

function globalReference(reference: JsonObject, mocks: ClusterMocks, scope: VariableScope, name: string): MockAnswer {
  if (!mocks.globalContext) return undefined;
  const full = substituted(reference['name'], scope, 'globalReference.name', name);
  if (!full.ok) return full;
  const [entryName = '', projection = ''] = full.value.split('.');
  const answer = mocks.globalContext(entryName, projection);
  if (!answer) return undefined;
  if ('error' in answer) return err(`context entry "${name}": global context entry "${full.value}": ${answer.error}`);
  return project(answer.value, reference['jmesPath'], scope, name);
}

function imageRegistry(registry: JsonObject, mocks: ClusterMocks, scope: VariableScope, name: string): MockAnswer {
  if (!mocks.image) return undefined;
  const reference = substituted(registry['reference'], scope, 'imageRegistry.reference', name);
  if (!reference.ok) return reference;
  const data = mocks.image(reference.value);
  if (!data) return undefined;
  return project(data, registry['jmesPath'], scope, name);
}

function configMap(ref: JsonObject, mocks: ClusterMocks, scope: VariableScope, name: string): MockAnswer {
  if (!mocks.configMap) return undefined;
  const cmName = substituted(ref['name'], scope, 'configMap.name', name);
  if (!cmName.ok) return cmName;
  const namespace = substituted(ref['namespace'], scope, 'configMap.namespace', name);
  if (!namespace.ok) return namespace;
  const found = mocks.configMap(namespace.value || 'default', cmName.value);
  if (!found) return undefined;
  return ok({ data: found['data'] ?? {}, metadata: found['metadata'] ?? {} });
}

/**
 * Answer a context entry that needs the cluster (apiCall, globalReference, imageRegistry,
 * configMap) from what stands in for the cluster — a kyverno test's mocked API calls,
 * global context entries and context file. Undefined when nothing mocks this entry.
 */
export function answerFromMocks(entry: JsonObject, mocks: ClusterMocks | undefined, scope: VariableScope): MockAnswer {
  if (!mocks) return undefined;
  const name = text(entry['name']);
  if (isObject(entry['apiCall'])) return apiCall(entry['apiCall'], mocks, scope, name);
  if (isObject(entry['globalReference'])) return globalReference(entry['globalReference'], mocks, scope, name);
  if (isObject(entry['imageRegistry'])) return imageRegistry(entry['imageRegistry'], mocks, scope, name);
  if (isObject(entry['configMap'])) return configMap(entry['configMap'], mocks, scope, name);
  return undefined;
}
