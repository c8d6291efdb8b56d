import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { Rule } from '../policy/types.ts';
import { mutateExisting, type TargetResult } from './mutate-existing.ts';
import { applyMutate } from './mutate/index.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { extend } from './extend.ts';
import type { VariableScope } from './variables.ts';

export type MutateRuleOutcome = RuleOutcome & { patched?: JsonObject; targets?: TargetResult[] };

/** The summary of a mutate-existing rule over its targets: an error if any, else pass if any target changed, else skip. */
function summarise(targets: readonly TargetResult[]): RuleOutcome {
  const error = targets.find((t) => t.status === 'error');
  if (error) return outcome('error', error.message);
  const patched = targets.filter((t) => t.status === 'pass').length;
  if (patched > 0) return outcome('pass', `patched ${patched} existing resource(s)`);
  return outcome('skip', targets.length === 0 ? 'no existing resource matches the rule\'s targets' : 'no patches applied to the existing resources');
}

/**
 * A mutate rule: the patched resource, or why it did not apply. A rule with `targets`
 * (mutate existing) leaves the resource under review as it is and patches the existing
 * resources it selects, when they are known (`existing`); otherwise it cannot be evaluated.
 */
export function evaluateMutateRule(rule: Rule, resource: JsonObject, scope: VariableScope, existing?: readonly JsonObject[], policyNamespace?: string): MutateRuleOutcome {
  const mutate = rule.raw['mutate'];
  if (!isObject(mutate)) return outcome('error', 'mutate must be a mapping');
  if (isArray(mutate['targets']) && mutate['targets'].length > 0) {
    if (existing === undefined) return outcome('error', 'mutate.targets patches existing resources in the cluster, which preadmit cannot see; test it with targetResources in a kyverno test');
    const targets = mutateExisting(mutate, existing, scope, policyNamespace);
    if (!targets.ok) return outcome('error', targets.error);
    return extend(summarise(targets.value), { targets: targets.value });
  }
  const result = applyMutate(resource, mutate, scope);
  if (result.status !== 'pass') return outcome(result.status, result.message);
  return extend(outcome('pass', result.message || `mutated resource with rule '${rule.name}'`), { patched: result.patched });
}
