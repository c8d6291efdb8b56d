import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import type { Policy, Rule } from '../policy/types.ts';
import { evaluateCelPolicy } from './cel/evaluate-policy.ts';
import { evaluateCelRule } from './cel/validate-cel-rule.ts';
import { evaluateConditions } from './conditions.ts';
import { applicableExceptions, namedByException, type ExceptionMatch } from './exceptions.ts';
import { loadContext } from './context-entries.ts';
import { mayMatchKind } from './kind-prefilter.ts';
import { matchRule } from './match.ts';
import { evaluateGenerateRule } from './generate-rule.ts';
import { evaluateMutateRule } from './mutate-rule.ts';
import type { TargetResult } from './mutate-existing.ts';
import { buildScope } from './scope.ts';
import { withVariables } from './scope-data.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { unsupportedPolicyResults } from './unsupported-policy.ts';
import type { AdmissionInput, Fix, PolicyMeta, RuleResult, RuleType } from './types.ts';
import { deriveFix } from './fix/derive-fix.ts';
import { evaluateValidateRule } from './validate-rule.ts';
import { evaluateVerifyImagesRule, verifyImagesFailureAction } from './verify-images-rule.ts';
import { extend } from './extend.ts';
import type { VariableScope } from './variables.ts';

export function ruleTypeOf(rule: JsonObject): RuleType {
  if (rule['validate'] !== undefined) return 'validate';
  if (rule['mutate'] !== undefined) return 'mutate';
  if (rule['generate'] !== undefined) return 'generate';
  if (rule['verifyImages'] !== undefined) return 'verifyImages';
  return 'unknown';
}

const SCORED = new WeakMap<JsonObject, boolean>();

function isScored(policy: Policy): boolean {
  let scored = SCORED.get(policy.raw);
  if (scored === undefined) {
    const metadata = isObject(policy.raw['metadata']) ? policy.raw['metadata'] : {};
    const annotations = isObject(metadata['annotations']) ? metadata['annotations'] : {};
    scored = annotations['policies.kyverno.io/scored'] !== 'false';
    SCORED.set(policy.raw, scored);
  }
  return scored;
}

/** What a rule's own text says, read once per rule: its type and its validate.failureAction. */
interface RuleTraits {
  type: RuleType;
  action: RuleResult['action'] | undefined;
}

const TRAITS = new WeakMap<JsonObject, RuleTraits>();

function traitsOf(rule: Rule): RuleTraits {
  let traits = TRAITS.get(rule.raw);
  if (traits === undefined) {
    const validate = isObject(rule.raw['validate']) ? rule.raw['validate'] : {};
    const action = validate['failureAction'] ?? verifyImagesFailureAction(rule.raw);
    traits = { type: ruleTypeOf(rule.raw), action: action === 'Enforce' || action === 'Audit' ? action : undefined };
    TRAITS.set(rule.raw, traits);
  }
  return traits;
}

function ruleAction(policy: Policy, rule: Rule): RuleResult['action'] {
  return traitsOf(rule).action ?? policy.action;
}

/** The message of a rule skipped because its preconditions do not hold. */
export const PRECONDITIONS_NOT_MET = 'preconditions not met';

type BodyOutcome = RuleOutcome & { patched?: JsonObject; targets?: TargetResult[]; generated?: JsonObject[]; scope?: VariableScope };

/** Context, preconditions, then the rule's body; the scope with the context loaded comes back for the fix. */
function runRuleBody(rule: Rule, type: RuleType, input: AdmissionInput, scope: VariableScope, policy: PolicyMeta, policyNamespace?: string): BodyOutcome {
  const loaded = loadContext(rule.raw['context'], scope);
  if (!loaded.ok) return outcome('error', loaded.error);
  return extend(runLoaded(rule, type, input, loaded, policy, policyNamespace), { scope: loaded.value });
}

function runLoaded(rule: Rule, type: RuleType, input: AdmissionInput, loaded: { value: VariableScope }, policy: PolicyMeta, policyNamespace?: string): BodyOutcome {
  // as Kyverno: a generate rule whose trigger is deleted fails (so what it generated is cleaned up), before its preconditions
  if (type === 'generate' && input.generate !== undefined && input.operation === 'DELETE') {
    return outcome('fail', 'the trigger is being deleted: Kyverno reports the generate rule as failing for it and generates nothing');
  }
  if (rule.raw['preconditions'] !== undefined) {
    const verdict = evaluateConditions(rule.raw['preconditions'], loaded.value);
    if (!verdict.ok) return outcome('error', `preconditions: ${verdict.error}`);
    if (!verdict.value.holds) return outcome('skip', PRECONDITIONS_NOT_MET);
  }
  switch (type) {
    case 'validate':
      if (isObject(rule.raw['validate']) && rule.raw['validate']['cel'] !== undefined) return evaluateCelRule(rule, input);
      return evaluateValidateRule(rule, input.resource, loaded.value);
    case 'mutate':
      return evaluateMutateRule(rule, input.resource, loaded.value, input.targets, policyNamespace);
    case 'generate':
      // only where something stands in for the cluster it writes to (kyverno test); check reports it unevaluated
      if (input.generate === undefined) return outcome('error', 'generate rules create other resources and are not evaluated by preadmit');
      return evaluateGenerateRule(
        rule.raw['generate'],
        loaded.value,
        { policy: policy.name, policyNamespace: policy.namespace ?? '', rule: rule.name, trigger: input.resource },
        input.generate.existing,
      );
    case 'verifyImages':
      return evaluateVerifyImagesRule(rule.raw, input.resource);
    case 'unknown':
      return outcome('error', 'the rule has none of validate, mutate, generate or verifyImages');
  }
}

/**
 * The declared fix of a failing validate rule, kept only when the patched resource passes
 * the rule: a fix that does not fix is not offered.
 */
function fixFor(policy: Policy, rule: Rule, type: RuleType, input: AdmissionInput, scope: VariableScope): Fix | undefined {
  const declared = type === 'validate' ? policy.fixes?.get(rule.name) : undefined;
  if (!declared) return undefined;
  const derived = deriveFix(declared, rule, input.resource, scope);
  if ('problem' in derived) return undefined;
  const patchedInput: AdmissionInput = { ...input, resource: derived.patched };
  const recheck = evaluateRule({ ...policy, fixes: new Map() }, rule, patchedInput, buildScope(patchedInput).data);
  return recheck === undefined || recheck.status === 'pass' || recheck.status === 'skip' ? derived.fix : undefined;
}

/**
 * The fix of a rule that fails (or warns) on `input.resource`, as evaluating its policy with
 * fixes derived gives it, without running the rule's body again (its context is loaded): for a
 * classic validate rule, the only rule of that name for the kind, in a policy of validate
 * rules only, with no PolicyException naming the policy. `unknown` when that does not hold:
 * evaluate the policy.
 */
export function fixOfFailingRule(policy: Policy, ruleName: string, input: AdmissionInput): { fix: Fix | undefined } | 'unknown' {
  if (policy.unsupported !== undefined || policy.cel !== undefined || input.subresource !== undefined) return 'unknown';
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') return 'unknown';
  if (!policy.rules.every((r) => traitsOf(r).type === 'validate')) return 'unknown';
  const kind = typeof input.resource['kind'] === 'string' ? input.resource['kind'] : '';
  const named = policy.rules.filter((r) => r.name === ruleName && mayMatchKind(r.raw, kind));
  const rule = named.length === 1 ? named[0] : undefined;
  if (rule === undefined) return 'unknown';
  const validate = rule.raw['validate'];
  if (!isObject(validate) || validate['cel'] !== undefined) return 'unknown';
  if (namedByException(policy, input.exceptions ?? [])) return 'unknown';
  // the scope the body saw, the context loaded (see runRuleBody)
  const loaded = loadContext(rule.raw['context'], ruleScope(input, buildScope(input).data, policy, rule));
  if (!loaded.ok) return 'unknown';
  return { fix: fixFor(policy, rule, 'validate', { ...input, deriveFixes: true }, loaded.value) };
}

/** A podSecurity PolicyException narrows the rule: its entries join the rule's exclusions. */
function withPodSecurityExclusions(rule: Rule, exempt: readonly ExceptionMatch[]): Rule {
  const validate = isObject(rule.raw['validate']) ? rule.raw['validate'] : undefined;
  const podSecurity = validate && isObject(validate['podSecurity']) ? validate['podSecurity'] : undefined;
  if (!validate || !podSecurity) return rule;
  const extra = exempt.flatMap((e) => e.exception.podSecurity ?? []);
  const exclude = [...(Array.isArray(podSecurity['exclude']) ? podSecurity['exclude'] : []), ...extra];
  return { ...rule, raw: { ...rule.raw, validate: { ...validate, podSecurity: { ...podSecurity, exclude } } } };
}

/** Values-file variables for a rule; a generated rule also gets those given for the rule it came from. */
function rulesValues(input: AdmissionInput, policy: string, rule: Rule): Record<string, JsonValue> {
  if (!input.valuesFor) return {};
  const own = input.valuesFor(policy, rule.name);
  if (!rule.autogen) return own;
  const from = input.valuesFor(policy, rule.autogen.from);
  // the same variables for both (as the CLI gives its configuration to every rule): merged, they are these
  return from === own ? own : { ...from, ...own };
}

/**
 * The last scope data made with Values-file variables, by the resource's scope data and the
 * variables object: the rules of one evaluation share both (the CLI gives its configuration to
 * every rule), so they share the merged data, which is only read (a rule's context copies what
 * it sets). One entry: nothing is held past the next resource.
 */
let lastWithValues: { base: JsonObject; values: Record<string, JsonValue>; data: JsonObject } | undefined;

function withValues(base: JsonObject, values: Record<string, JsonValue>): JsonObject {
  if (lastWithValues?.base === base && lastWithValues.values === values) return lastWithValues.data;
  const data = withVariables(base, values);
  lastWithValues = { base, values, data };
  return data;
}

/** A rule's scope on the resource: the resource's (`base`), with its Values-file variables and the cluster's. */
function ruleScope(input: AdmissionInput, base: JsonObject, policy: Policy, rule: Rule): VariableScope {
  const values = rulesValues(input, policy.meta.name, rule);
  return {
    data: Object.keys(values).length === 0 ? base : withValues(base, values),
    ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
  };
}

/**
 * Marks a result evaluated with its fix derived (deriveFixes not false): a property that is not
 * enumerable, so it belongs to that object alone (a copy, a spread or JSON never carries it), as
 * membership of a WeakSet would, without the collector's cost of a set that every result joins.
 */
const DERIVED = Symbol('fix derived');

function markDerived(result: RuleResult): void {
  Object.defineProperty(result, DERIVED, { value: true });
}

/**
 * Was this result evaluated with its fix derived? Then a result without a fix has none to
 * offer (as opposed to one whose fix was not asked for).
 */
export function wasDerived(result: RuleResult): boolean {
  return Object.prototype.hasOwnProperty.call(result, DERIVED);
}

/** Evaluate one rule on one resource; undefined when the rule does not select the resource. */
export function evaluateRule(policy: Policy, rule: Rule, input: AdmissionInput, base: JsonObject): RuleResult | undefined {
  const result = evaluateSelectedRule(policy, rule, input, base);
  if (result !== undefined && input.deriveFixes !== false) markDerived(result);
  return result;
}

function evaluateSelectedRule(policy: Policy, rule: Rule, input: AdmissionInput, base: JsonObject): RuleResult | undefined {
  const subject = input.operation === 'DELETE' && input.oldResource ? input.oldResource : input.resource;
  const kind = input.subresource?.kind.kind ?? (typeof subject['kind'] === 'string' ? subject['kind'] : '');
  if (!mayMatchKind(rule.raw, kind)) return undefined;
  const type = traitsOf(rule).type;
  const matchInput = {
    resource: subject,
    operation: input.operation,
    ...(input.subresource !== undefined ? { subresource: input.subresource.name, gvk: input.subresource.kind } : {}),
    policyKind: policy.meta.kind,
    ...(policy.meta.namespace !== undefined ? { policyNamespace: policy.meta.namespace } : {}),
    ...(input.namespaceLabels !== undefined ? { namespaceLabels: input.namespaceLabels } : {}),
    ...(input.userInfo !== undefined ? { userInfo: { ...input.userInfo, roles: input.roles ?? [], clusterRoles: input.clusterRoles ?? [] } } : {}),
  };
  const verdict = matchRule(rule.raw, matchInput);
  if (verdict.applies === false) return undefined;
  const { policyKind: _kind, policyNamespace: _namespace, ...selection } = matchInput;
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
  const scope = ruleScope(input, base, policy, rule);
  const exempt = applicableExceptions(input.exceptions ?? [], policy, rule, selection, scope);
  const skipping = exempt.filter((e) => e.exception.podSecurity === undefined);
  if (skipping.length > 0) {
    return { ...result, message: `rule skipped due to PolicyException ${skipping.map((e) => e.label).join(', ')}` };
  }
  const namespace = policy.meta.kind === 'Policy' ? policy.meta.namespace : undefined;
  const run = (which: Rule): BodyOutcome => {
    try {
      return runRuleBody(which, type, input, scope, policy.meta, namespace);
    } catch (error) {
      return outcome('error', `internal error while evaluating the rule: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  let effective = rule;
  let body = run(rule);
  // as Kyverno: podSecurity exceptions only matter to a failing rule; when they exempt every
  // failing control the rule is skipped naming them, otherwise what they leave fails
  if (body.status === 'fail' && exempt.length > 0) {
    effective = withPodSecurityExclusions(rule, exempt);
    body = run(effective);
    if (body.status === 'pass') body = outcome('skip', `rule skipped due to PolicyException ${exempt.map((e) => e.label).join(', ')}`);
  }
  const status = body.status === 'fail' && !isScored(policy) ? 'warn' : body.status;
  const fix = (status === 'fail' || status === 'warn') && input.deriveFixes !== false ? fixFor(policy, effective, type, input, body.scope ?? scope) : undefined;
  // the keys in the order `{...result, fix, status, message, paths, patched, targets}` gives them
  const final: RuleResult = { policy: result.policy, rule: result.rule, ruleType: result.ruleType, status, message: body.message, paths: body.paths, action: result.action };
  if (fix !== undefined) final.fix = fix;
  if (body.patched !== undefined) final.patched = body.patched;
  if (body.targets !== undefined) final.targets = body.targets;
  if (body.generated !== undefined) final.generated = body.generated;
  return final;
}

/** Evaluate every rule of a policy on a resource. */
export function evaluatePolicy(policy: Policy, input: AdmissionInput): RuleResult[] {
  return evaluatePolicyWith(policy, input, buildScope(input).data);
}

/** Evaluate a policy with a scope already built for this resource (shared by every policy). */
function evaluatePolicyWith(policy: Policy, input: AdmissionInput, base: JsonObject): RuleResult[] {
  if (policy.unsupported !== undefined) return unsupportedPolicyResults(policy, input.resource);
  if (policy.cel !== undefined) return evaluateCelPolicy(policy, input);
  const results: RuleResult[] = [];
  let current = input;
  let scopeData = base;
  for (const rule of policy.rules) {
    const result = evaluateRule(policy, rule, current, scopeData);
    if (!result) continue;
    results.push(result);
    // as in Kyverno, each rule of a policy sees the resource as the rules before it patched it
    if (result.patched !== undefined) {
      current = { ...current, resource: result.patched };
      scopeData = buildScope(current).data;
    }
  }
  return results;
}

/**
 * Evaluate the policies `selected` picks on a resource (one scope for all), as
 * evaluatePolicies would; undefined for the others.
 */
export function evaluateSelectedPolicies(
  policies: readonly Policy[],
  input: AdmissionInput,
  selected: (policy: Policy, index: number) => boolean,
): (RuleResult[] | undefined)[] {
  let base: JsonObject | undefined;
  return policies.map((policy, index) => {
    if (!selected(policy, index)) return undefined;
    base ??= buildScope(input).data;
    return evaluatePolicyWith(policy, input, base);
  });
}

/** Evaluate every policy on a resource. */
export function evaluatePolicies(policies: readonly Policy[], input: AdmissionInput): RuleResult[] {
  const base = buildScope(input).data;
  return policies.flatMap((policy) => evaluatePolicyWith(policy, input, base));
}
