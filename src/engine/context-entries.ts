import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { evaluateExpression, evaluateExpressionOn, substituteAll, type VariableScope } from './variables.ts';
import { answerFromMocks } from './context-mocks.ts';
import { setDotted } from './scope-data.ts';

/** Does the scope already hold a value (from a Values file) for this context entry's name? */
function provided(scope: VariableScope, name: string): boolean {
  let current: JsonValue | undefined = scope.data;
  for (const part of name.split('.')) {
    if (!isObject(current) || !(part in current)) return false;
    current = current[part];
  }
  return true;
}

function variableEntry(entry: JsonObject, scope: VariableScope, name: string): Outcome<JsonValue> {
  const variable = isObject(entry['variable']) ? entry['variable'] : {};
  const fallback = variable['default'];
  let value: JsonValue | undefined;
  if ('value' in variable) {
    const substituted = substituteAll(variable['value'] ?? null, scope);
    if (!substituted.ok) return substituted;
    value = substituted.value;
    const jmesPath = variable['jmesPath'];
    if (typeof jmesPath === 'string' && jmesPath !== '') {
      // as Kyverno does, variables inside the query are substituted first: jmesPath: '{{ jpExpression }}'
      const query = substituteAll(jmesPath, scope);
      if (!query.ok) return err(`context variable "${name}": ${query.error}`);
      if (typeof query.value !== 'string') return err(`context variable "${name}": jmesPath must be a string after substitution`);
      const result = evaluateExpressionOn(query.value, value, scope);
      if (!result.ok && fallback === undefined) return err(`context variable "${name}": ${result.error}`);
      value = result.ok ? result.value : undefined;
    }
  } else if (typeof variable['jmesPath'] === 'string') {
    const expression = substituteAll(variable['jmesPath'], scope);
    if (!expression.ok) return expression;
    const result = evaluateExpression(String(expression.value), scope);
    value = result.ok ? result.value : undefined;
    if (!result.ok && fallback === undefined) return err(`context variable "${name}": ${result.error}`);
  }
  if ((value === undefined || value === null) && fallback !== undefined) {
    const substituted = substituteAll(fallback, scope);
    if (!substituted.ok) return substituted;
    value = substituted.value;
  }
  if (value === undefined) return err(`context variable "${name}" has neither value nor jmesPath`);
  return ok(value);
}

const OFFLINE_KINDS: Record<string, string> = {
  apiCall: 'an API call',
  configMap: 'a ConfigMap from the cluster',
  imageRegistry: 'an image registry lookup',
  globalReference: 'a global context entry',
};

/** Where a kyverno test can mock each kind of entry. */
const MOCKS: Record<string, string> = {
  apiCall: "the test's apiCallResponses or the resources of its context file",
  configMap: 'the resources of the test\'s context file',
  imageRegistry: 'the images of the test\'s context file',
  globalReference: "the test's globalContextEntries",
};

/**
 * Load a rule's (or foreach's) `context` entries into the scope, in order. Variable
 * entries are always evaluated; entries that need the cluster or a registry take the
 * Values file's value, and without one are errors that say how to provide one.
 */
export function loadContext(entries: JsonValue | undefined, scope: VariableScope): Outcome<VariableScope> {
  if (entries === undefined || entries === null) return ok(scope);
  if (!isArray(entries)) return err('context must be a list of entries');
  let current: VariableScope = scope;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry['name'] !== 'string') return err('every context entry needs a name');
    const name = entry['name'];
    // Kyverno always loads variable entries (a Values file feeds them through jmesPath);
    // entries that need the cluster take the Values file's value instead of a lookup.
    if (isObject(entry['variable'])) {
      const value = variableEntry(entry, current, name);
      if (!value.ok) return value;
      current = { ...current, data: setDotted(current.data, name, value.value) };
      continue;
    }
    const mocked = answerFromMocks(entry, current.cluster, current);
    if (mocked !== undefined) {
      if (!mocked.ok) return mocked;
      current = { ...current, data: setDotted(current.data, name, mocked.value) };
      continue;
    }
    if (provided(current, name)) continue;
    const kind = Object.keys(OFFLINE_KINDS).find((k) => k in entry);
    if (kind !== undefined) {
      return err(
        `context entry "${name}" needs ${OFFLINE_KINDS[kind]}, which preadmit cannot reach offline; ` +
          `give its value in a Values file (policies[].rules[].values.${name}) or mock it in ${MOCKS[kind]}`,
      );
    }
    return err(`context entry "${name}" has an unknown type; expected variable, configMap, apiCall, imageRegistry or globalReference`);
  }
  return ok(current);
}
