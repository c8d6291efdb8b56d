import { isObject, type JsonObject } from '../core/json.ts';
import type { Policy, Rule } from '../policy/types.ts';
import { evaluateConditions } from './conditions.ts';
import { loadContext } from './context-entries.ts';
import { matchRule } from './match.ts';
import { evaluateMutateRule } from './mutate-rule.ts';
import { requestData, ruleScope } from './request-scope.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { unsupportedPolicyResults } from './unsupported-policy.ts';
import type { AdmissionInput, RuleResult, RuleType } from './types.ts';
import { evaluateValidateRule } from './validate-rule.ts';
import type { VariableScope } from './variables.ts';

export function ruleTypeOf(rule: JsonObject): RuleType {
  if (rule['validate'] !== undefined) return 'validate';
  if (rule['mutate'] !== undefined) return 'mutate';
  if (rule['generate'] !== undefined) return 'generate';
  if (rule['verifyImages'] !== undefined) return 'verifyImages';
  return 'unknown';
}

function isScored(policy: Policy): boolean {
  const metadata = isObject(policy.raw['metadata']) ? policy.raw['metadata'] : {};
  const annotations = isObject(metadata['annotations']) ? metadata['annotations'] : {};
  return annotations['policies.kyverno.io/scored'] !== 'false';
}

function ruleAction(policy: Policy, rule: Rule): RuleResult['action'] {
  const validate = isObject(rule.raw['validate']) ? rule.raw['validate'] : {};
  const action = validate['failureAction'];
  if (action === 'Enforce' || action === 'Audit') return action;
  return policy.action;
}

function runRuleBody(rule: Rule, type: RuleType, input: AdmissionInput, scope: VariableScope): RuleOutcome & { patched?: JsonObject } {
  const loaded = loadContext(rule.raw['context'], scope);
  if (!loaded.ok) return outcome('error', loaded.error);
  if (rule.raw['preconditions'] !== undefined) {
    const verdict = evaluateConditions(rule.raw['preconditions'], loaded.value);
    if (!verdict.ok) return outcome('error', `preconditions: ${verdict.error}`);
    if (!verdict.value.holds) return outcome('skip', 'preconditions not met');
  }
  switch (type) {
    case 'validate':
      return evaluateValidateRule(rule, input.resource, loaded.value);
    case 'mutate':
      return evaluateMutateRule(rule, input.resource, loaded.value);
    case 'generate':
      return outcome('error', 'generate rules create other resources and are not evaluated by preadmit');
    case 'verifyImages':
      return outcome('error', 'verifyImages rules need registry access and are not evaluated offline');
    case 'unknown':
      return outcome('error', 'the rule has none of validate, mutate, generate or verifyImages');
  }
}

/** Evaluate one rule on one resource; undefined when the rule does not select the resource. */
export function evaluateRule(policy: Policy, rule: Rule, input: AdmissionInput, base: JsonObject): RuleResult | undefined {
  const type = ruleTypeOf(rule.raw);
  const matchInput = {
    resource: input.operation === 'DELETE' && input.oldResource ? input.oldResource : input.resource,
    operation: input.operation,
    policyKind: policy.meta.kind,
    ...(policy.meta.namespace !== undefined ? { policyNamespace: policy.meta.namespace } : {}),
    ...(input.namespaceLabels !== undefined ? { namespaceLabels: input.namespaceLabels } : {}),
    ...(input.userInfo !== undefined ? { userInfo: input.userInfo } : {}),
  };
  const verdict = matchRule(rule.raw, matchInput);
  if (verdict.applies === false) return undefined;
  const result: RuleResult = {
    policy: policy.meta,
    rule: rule.name,
    ruleType: type,
    status: 'skip',
    message: '',
    paths: [],
    action: ruleAction(policy, rule),
  };
  if (verdict.applies === 'unknown') return { ...result, message: verdict.reason };
  const values = input.valuesFor?.(policy.meta.name, rule.name) ?? {};
  let body: RuleOutcome & { patched?: JsonObject };
  try {
    body = runRuleBody(rule, type, input, ruleScope(input, base, values));
  } catch (error) {
    body = outcome('error', `internal error while evaluating the rule: ${error instanceof Error ? error.message : String(error)}`);
  }
  const status = body.status === 'fail' && !isScored(policy) ? 'warn' : body.status;
  return {
    ...result,
    status,
    message: body.message,
    paths: body.paths,
    ...(body.patched !== undefined ? { patched: body.patched } : {}),
  };
}

/** Evaluate every rule of a policy on a resource. */
export function evaluatePolicy(policy: Policy, input: AdmissionInput): RuleResult[] {
  if (policy.unsupported !== undefined) return unsupportedPolicyResults(policy, input.resource);
  const base = requestData(input);
  const results: RuleResult[] = [];
  for (const rule of policy.rules) {
    const result = evaluateRule(policy, rule, input, base);
    if (result) results.push(result);
  }
  return results;
}

/** Evaluate every policy on a resource. */
export function evaluatePolicies(policies: readonly Policy[], input: AdmissionInput): RuleResult[] {
  return policies.flatMap((policy) => evaluatePolicy(policy, input));
}
