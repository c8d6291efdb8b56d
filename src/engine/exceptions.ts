import type { JsonObject } from '../core/json.ts';
import type { PolicyException } from '../policy/exceptions.ts';
import type { Policy, Rule } from '../policy/types.ts';
import { evaluateConditions } from './conditions.ts';
import { matchRule, type MatchInput } from './match.ts';
import { wildcardMatch } from './wildcard.ts';
import type { VariableScope } from './variables.ts';

function policyKey(policy: Policy): string {
  return policy.meta.namespace !== undefined && policy.meta.kind === 'Policy' ? `${policy.meta.namespace}/${policy.meta.name}` : policy.meta.name;
}

/** Does the exception name this rule of this policy? Rule names and policy names may use wildcards. */
export function names(exception: PolicyException, policy: Policy, rule: Rule): boolean {
  const key = policyKey(policy);
  return exception.targets.some(
    (t) => wildcardMatch(t.policyName, key) && t.ruleNames.some((r) => wildcardMatch(r, rule.name) || (rule.autogen !== undefined && wildcardMatch(r, rule.autogen.from))),
  );
}

/** Does some exception name a rule of this policy? */
export const namedByException = (policy: Policy, exceptions: readonly PolicyException[]): boolean =>
  exceptions.some((e) => policy.rules.some((rule) => names(e, policy, rule)));

export interface ExceptionMatch {
  exception: PolicyException;
  /** How the exception is reported: namespace/name. */
  label: string;
}

/**
 * The exceptions that exempt this resource from this rule: they name the policy and
 * rule, their match selects the resource (a namespaced exception only in its own
 * namespace), and their conditions hold.
 */
export function applicableExceptions(
  exceptions: readonly PolicyException[],
  policy: Policy,
  rule: Rule,
  input: Omit<MatchInput, 'policyKind' | 'policyNamespace'>,
  scope: VariableScope,
): ExceptionMatch[] {
  const found: ExceptionMatch[] = [];
  for (const exception of exceptions) {
    if (!names(exception, policy, rule)) continue;
    // as Kyverno (engine/utils/exceptions.go): the exception's own namespace does not narrow what its match selects
    const matchInput: MatchInput = { ...input, policyKind: 'ClusterPolicy' };
    if (matchRule(exception.selection as JsonObject, matchInput).applies !== true) continue;
    if (exception.conditions) {
      const verdict = evaluateConditions(exception.conditions, scope);
      if (!verdict.ok || !verdict.value.holds) continue;
    }
    found.push({ exception, label: exception.namespace ? `${exception.namespace}/${exception.name}` : exception.name });
  }
  return found;
}
