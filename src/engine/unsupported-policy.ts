import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { Policy } from '../policy/types.ts';
import type { RuleResult } from './types.ts';

/** Kind -> plural resource name, as the API server names it (Ingress -> ingresses, NetworkPolicy -> networkpolicies). */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return lower + 'es';
  if (/[^aeiou]y$/.test(lower)) return lower.slice(0, -1) + 'ies';
  return lower + 's';
}

function selects(policy: Policy, resource: JsonObject): boolean {
  const constraints = isObject(policy.spec['matchConstraints']) ? policy.spec['matchConstraints'] : undefined;
  const rules = constraints && isArray(constraints['resourceRules']) ? constraints['resourceRules'] : undefined;
  if (!rules) return true;
  const plural = pluralOf(typeof resource['kind'] === 'string' ? resource['kind'] : '');
  return rules.some(
    (r) => isObject(r) && isArray(r['resources']) && r['resources'].some((name) => name === '*' || name === plural),
  );
}

/** A policy preadmit cannot evaluate yields an error on every resource it selects — never a silent pass. */
export function unsupportedPolicyResults(policy: Policy, resource: JsonObject): RuleResult[] {
  if (!selects(policy, resource)) return [];
  return [
    {
      policy: policy.meta,
      rule: '',
      ruleType: 'validate',
      status: 'error',
      message: policy.unsupported ?? 'unsupported policy',
      paths: [],
      action: policy.action,
    },
  ];
}
