import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import type { AdmissionInput } from './types.ts';
import { withVariables } from './scope-data.ts';
import type { VariableScope } from './variables.ts';

function groupVersionKind(resource: JsonObject): JsonObject {
  const apiVersion = typeof resource['apiVersion'] === 'string' ? resource['apiVersion'] : '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return { group: group ?? '', version: version ?? '', kind: typeof resource['kind'] === 'string' ? resource['kind'] : '' };
}

/** The admission request as Kyverno exposes it to variables: request.object, request.operation … */
export function requestData(input: AdmissionInput): JsonObject {
  const subject = input.operation === 'DELETE' && input.oldResource ? input.oldResource : input.resource;
  const metadata = isObject(subject['metadata']) ? subject['metadata'] : {};
  const request: JsonObject = {
    operation: input.operation,
    object: input.operation === 'DELETE' ? null : input.resource,
    oldObject: input.oldResource ?? null,
    kind: groupVersionKind(subject),
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '',
    userInfo: input.userInfo ?? { username: '', groups: [] },
    roles: [],
    clusterRoles: [],
    dryRun: false,
  };
  return { request };
}

/** The variable scope of one rule: the request, computed values, then the Values file's variables. */
export function ruleScope(input: AdmissionInput, base: JsonObject, values: Record<string, JsonValue>): VariableScope {
  return { data: withVariables(base, values) };
}
