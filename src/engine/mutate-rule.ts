import { isObject, type JsonObject } from '../core/json.ts';
import type { Rule } from '../policy/types.ts';
import { applyMutate } from './mutate/index.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import type { VariableScope } from './variables.ts';

/** A mutate rule: the patched resource, or why it did not apply. */
export function evaluateMutateRule(rule: Rule, resource: JsonObject, scope: VariableScope): RuleOutcome & { patched?: JsonObject } {
  const mutate = rule.raw['mutate'];
  if (!isObject(mutate)) return outcome('error', 'mutate must be a mapping');
  const result = applyMutate(resource, mutate, scope);
  if (result.status !== 'pass') return outcome(result.status, result.message);
  return { ...outcome('pass', result.message || `mutated resource with rule '${rule.name}'`), patched: result.patched };
}
