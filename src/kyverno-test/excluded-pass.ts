import { isArray, isObject, type JsonValue } from '../core/json.ts';
import type { Policy } from '../policy/types.ts';

const selects = (selector: JsonValue | undefined): boolean =>
  isObject(selector) && ((isObject(selector['matchLabels']) && Object.keys(selector['matchLabels']).length > 0) || (isArray(selector['matchExpressions']) && selector['matchExpressions'].length > 0));

/**
 * kyverno test's `hasSelector` (processor/policy_processor.go), which despite its name is true for
 * the plainest match: one resource rule without resource names, no selectors, no exclusions.
 * A ValidatingPolicy or MutatingPolicy with such a match that gives no result is left out.
 */
function plainMatch(match: JsonValue | undefined): boolean {
  if (!isObject(match)) return false;
  if (selects(match['namespaceSelector']) || selects(match['objectSelector'])) return false;
  if (isArray(match['excludeResourceRules']) && match['excludeResourceRules'].length > 0) return false;
  const rules = isArray(match['resourceRules']) ? match['resourceRules'] : [];
  if (rules.length !== 1) return false;
  const rule = rules[0];
  return !(isObject(rule) && isArray(rule['resourceNames']) && rule['resourceNames'].length > 0);
}

const CEL_WITH_RESPONSES = new Set(['ValidatingPolicy', 'NamespacedValidatingPolicy', 'MutatingPolicy', 'NamespacedMutatingPolicy']);

/**
 * Does kyverno test report a resource the policy gives no result for as "excluded", a row it
 * passes whatever result the test expects (preadmit fails such a row, and says so)? It does when the policy's engine response exists
 * without rules: always for ClusterPolicy and Policy (every policy with validate, verifyImages
 * or mutate rules answers every resource), and for ValidatingPolicy and MutatingPolicy unless
 * their match is plain (see plainMatch). Other kinds give no response: the row is "not found".
 */
export function reportsExcluded(policy: Policy): boolean {
  if (policy.cel === undefined) return policy.meta.kind === 'ClusterPolicy' || policy.meta.kind === 'Policy';
  if (!CEL_WITH_RESPONSES.has(policy.meta.kind)) return false;
  return !plainMatch(policy.spec['matchConstraints']);
}
