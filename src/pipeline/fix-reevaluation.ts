import type { JsonObject } from '../core/json.ts';
import { evaluatePolicies, evaluateSelectedPolicies, PRECONDITIONS_NOT_MET, wasDerived } from '../engine/evaluate.ts';
import { mayMatchKind } from '../engine/kind-prefilter.ts';
import { extend } from '../engine/extend.ts';
import { changedPaths } from '../engine/footprint/changed-paths.ts';
import { changedPlace, touchesPlace, type ChangedPlace, type Footprint } from '../engine/footprint/footprint.ts';
import { namedByException } from '../engine/exceptions.ts';
import { policyFootprintWith, policyResultFootprintWith, ruleFootprints } from '../engine/footprint/policy-footprint.ts';
import { hasSharedValues, holdsBraces } from '../engine/footprint/shared-values.ts';
import type { AdmissionInput, JsonPatchOperation, RuleResult } from '../engine/types.ts';
import type { Policy } from '../policy/types.ts';
import { mutationAsFinding } from './mutation-findings.ts';

/** The rule results on a patched resource, with what is needed to go on from there. */
export interface Reevaluated {
  /** As `evaluatePolicies(policies, {…input, resource, deriveFixes: false}).map(mutationAsFinding)` gives them. */
  results: RuleResult[];
  /** The same, by policy (undefined when the results cannot be told apart by policy). */
  byPolicy?: RuleResult[][];
  /** The places the patch changed (undefined: anything may have changed). */
  changed?: string[][];
}

/**
 * Re-evaluating every policy after each fix a resource takes: the step the composition of
 * fixes repeats. When the results can be attributed to their policies, only the policies
 * whose footprint (what their rules' statuses can depend on) a patch touches are evaluated
 * again; the others keep their results, without the fix they were derived with (as a
 * re-evaluation without fixes gives them).
 */
export interface Reevaluation {
  /** The results once `ops` (which turn `before` into `after`) apply. */
  after(ops: readonly JsonPatchOperation[], before: JsonObject, after: JsonObject): Reevaluated;
  /** The composition went on with this patched resource: its results are the current ones. */
  accept(reevaluated: Reevaluated): void;
  /**
   * What evaluating `policy` with fixes on the current resource gives for its first result
   * named `rule`, when that is known without evaluating: nothing the policy's results (fixes
   * included) depend on has changed since the start, so it is the result given at the start.
   */
  knownResult(policy: Policy, rule: string): RuleResult | undefined;
}

const withoutFix = (result: RuleResult): RuleResult => {
  if (result.fix === undefined) return result;
  const { fix: _fix, ...rest } = result;
  return rest;
};

function everyPolicy(input: AdmissionInput, policies: readonly Policy[]): Reevaluation {
  return {
    after: (_ops, _before, resource) => ({ results: evaluatePolicies(policies, { ...input, resource, deriveFixes: false }).map(mutationAsFinding) }),
    accept: () => undefined,
    knownResult: () => undefined,
  };
}

/** The results split by policy, when each result's policy is one of the policies and they come in policy order. */
function byPolicy(policies: readonly Policy[], results: readonly RuleResult[]): RuleResult[][] | undefined {
  if (new Set(policies.map((p) => p.meta)).size !== policies.length) return undefined;
  const groups: RuleResult[][] = policies.map(() => []);
  let index = 0;
  for (const result of results) {
    while (index < policies.length && policies[index]?.meta !== result.policy) index++;
    const group = groups[index];
    if (group === undefined) return undefined;
    group.push(result);
  }
  return groups;
}

/**
 * Do a policy's results stay as they are, rule by rule, though its footprint was touched?
 * A rule that did not select the resource or was skipped by its preconditions stays so
 * while its selection, context and preconditions read nothing that changed (its body may
 * read what did); any other rule, while its own footprint is untouched. Rules are matched
 * to results by name, so only in policies whose rules have distinct names.
 */
function rulesHold(policy: Policy, kind: string, results: readonly RuleResult[], changed: readonly ChangedPlace[]): boolean {
  if (policy.unsupported !== undefined || policy.cel !== undefined) return false;
  const rules = policy.rules.filter((rule) => mayMatchKind(rule.raw, kind));
  if (new Set(rules.map((r) => r.name)).size !== rules.length) return false;
  if (!results.every((r) => rules.some((rule) => rule.name === r.rule))) return false;
  return rules.every((rule) => {
    const result = results.find((r) => r.rule === rule.name);
    const footprints = ruleFootprints(rule, kind);
    const gated = result === undefined || (result.status === 'skip' && result.message === PRECONDITIONS_NOT_MET);
    const footprint = gated ? footprints.gate : footprints.status;
    return !changed.some((place) => touchesPlace(footprint, place));
  });
}

/** holdsBraces per Values-file variables object (a run hands the same object to every rule). */
const BRACED = new WeakMap<object, boolean>();

/**
 * Do the Values-file variables of a policy's rules hold `{` or `}`? Footprints take a variable
 * they do not know for a constant, which the same values are from one version of a resource to
 * the next; but a value with braces, substituted into a longer string, is substituted again
 * and could make a variable that reads anything.
 */
function valuesHoldBraces(input: AdmissionInput, policy: Policy): boolean {
  const valuesFor = input.valuesFor;
  if (valuesFor === undefined) return false;
  return policy.rules.some((rule) =>
    [rule.name, rule.autogen?.from].some((name) => {
      if (name === undefined) return false;
      const values = valuesFor(policy.meta.name, name);
      let braced = BRACED.get(values);
      if (braced === undefined) {
        braced = holdsBraces(values);
        BRACED.set(values, braced);
      }
      return braced;
    }),
  );
}

/**
 * How to re-evaluate `policies` on patched versions of `input.resource`, whose results
 * before any patch are `results` (evaluatePolicies on the same input, with or without
 * fixes and mutationAsFinding).
 */
export function reevaluation(input: AdmissionInput, policies: readonly Policy[], results: readonly RuleResult[]): Reevaluation {
  // footprints reason by paths: a resource reaching one object by two paths (YAML aliases) is evaluated in full
  const plain =
    (input.operation === 'CREATE' || input.operation === 'UPDATE') &&
    input.subresource === undefined &&
    input.jsonPayload !== true &&
    !hasSharedValues(input.resource);
  const initial = plain ? byPolicy(policies, results) : undefined;
  if (!initial) return everyPolicy(input, policies);
  let current: RuleResult[][] | undefined = initial;
  const kind = typeof input.resource['kind'] === 'string' ? input.resource['kind'] : '';
  const exceptions = input.exceptions ?? [];
  // a policy whose Values-file variables hold braces is evaluated again after every fix (see valuesHoldBraces)
  const footprints: (Footprint | undefined)[] = policies.map((p) => (valuesHoldBraces(input, p) ? undefined : policyFootprintWith(p, kind, exceptions)));
  /** Every place changed since the start; undefined once anything may have. */
  let changedSinceStart: ChangedPlace[] | undefined = [];
  // results with fixes are reused only for policies whose Values-file variables (the same for every
  // version of the resource) hold no braces and, for messages built from resource text, for a
  // resource without braces in its text (see ruleResultFootprint)
  let braces: boolean | undefined;
  return {
    after(ops, before, resource) {
      const groups = current ?? [];
      const changed = changedPaths(ops, before);
      const places = changed?.map(changedPlace);
      const fresh = evaluateSelectedPolicies(policies, extend(input, { resource, deriveFixes: false }), (policy, index) => {
        const footprint = footprints[index];
        if (places === undefined || footprint === undefined) return true;
        if (!places.some((place) => touchesPlace(footprint, place))) return false;
        return namedByException(policy, exceptions) || !rulesHold(policy, kind, groups[index] ?? [], places);
      });
      const next = fresh.map((results, index) => (results ? results.map(mutationAsFinding) : (groups[index] ?? []).map(withoutFix)));
      return { results: next.flat(), byPolicy: next, ...(changed !== undefined ? { changed } : {}) };
    },
    accept(reevaluated) {
      current = reevaluated.byPolicy;
      changedSinceStart = reevaluated.changed !== undefined && changedSinceStart !== undefined ? [...changedSinceStart, ...reevaluated.changed.map(changedPlace)] : undefined;
    },
    knownResult(policy, rule) {
      const index = policies.indexOf(policy);
      if (index < 0 || footprints[index] === undefined || changedSinceStart === undefined) return undefined;
      const footprint = policyResultFootprintWith(policy, kind, exceptions);
      if (footprint.top) return undefined;
      if (footprint.guarded === true) {
        braces ??= holdsBraces(input.resource);
        if (braces) return undefined;
      }
      if (changedSinceStart.some((place) => touchesPlace(footprint, place))) return undefined;
      const result = initial[index]?.find((r) => r.rule === rule);
      return result !== undefined && wasDerived(result) ? result : undefined;
    },
  };
}
