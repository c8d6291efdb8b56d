import { isObject, type JsonObject } from '../core/json.ts';
import type { Rule } from '../policy/types.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import type { VariableScope } from './variables.ts';

/** A mutate rule: the patched resource, or why it did not apply. */
export function evaluateMutateRule(rule: Rule, resource: JsonObject, scope: VariableScope): RuleOutcome & { patched?: JsonObject } {
  void resource; void scope;
  if (!isObject(rule.raw['mutate'])) return outcome('error', 'mutate must be a mapping');
  return outcome('error', 'mutate rules are not evaluated yet');
}
