import type { PolicyException } from '../../policy/exceptions.ts';
import type { Policy, Rule } from '../../policy/types.ts';
import { namedByException } from '../exceptions.ts';
import { mayMatchKind } from '../kind-prefilter.ts';
import { EVERYTHING, FootprintBuilder, type Footprint } from './footprint.ts';
import { ruleFootprint, ruleGateFootprint, ruleResultFootprint } from './rule-reads.ts';

type RuleFootprint = (policy: Policy, rule: Rule, kind: string) => Footprint;

function cached(of: RuleFootprint): (policy: Policy, kind: string) => Footprint {
  const byPolicy = new WeakMap<Policy, Map<string, Footprint>>();
  return (policy, kind) => {
    let byKind = byPolicy.get(policy);
    if (byKind === undefined) {
      byKind = new Map();
      byPolicy.set(policy, byKind);
    }
    let footprint = byKind.get(kind);
    if (footprint === undefined) {
      if (policy.unsupported !== undefined) footprint = EVERYTHING('an unsupported policy');
      else if (policy.cel !== undefined) footprint = EVERYTHING('a CEL policy');
      else {
        const reads = new FootprintBuilder();
        reads.whole(['kind']);
        for (const rule of policy.rules) if (mayMatchKind(rule.raw, kind)) reads.add(of(policy, rule, kind));
        footprint = reads.build();
      }
      if (byKind.size < 1000) byKind.set(kind, footprint);
    }
    return footprint;
  };
}

/**
 * What the statuses of a policy's rules can depend on in a resource of this kind under
 * review (CREATE or UPDATE): the union of the footprints of the rules that may select the
 * kind, and the kind itself (so a patch that changes the kind touches every policy). CEL
 * and unsupported policies may read anything. Computed once per loaded policy and kind.
 */
export const policyFootprint = cached((_policy, rule, kind) => ruleFootprints(rule, kind).status);

/** What a policy's whole results can depend on, fixes derived (see ruleResultFootprint). */
export const policyResultFootprint = cached((policy, rule, kind) => ruleResultFootprint(rule, kind, policy.fixes?.get(rule.name)));

/** Per rule and kind: its status footprint and its gate footprint (see ruleGateFootprint). */
const BY_RULE = new WeakMap<Rule, Map<string, { status: Footprint; gate: Footprint }>>();

export function ruleFootprints(rule: Rule, kind: string): { status: Footprint; gate: Footprint } {
  let byKind = BY_RULE.get(rule);
  if (byKind === undefined) {
    byKind = new Map();
    BY_RULE.set(rule, byKind);
  }
  let footprints = byKind.get(kind);
  if (footprints === undefined) {
    footprints = { status: ruleFootprint(rule, kind), gate: ruleGateFootprint(rule, kind) };
    if (byKind.size < 1000) byKind.set(kind, footprints);
  }
  return footprints;
}

/** The footprint with PolicyExceptions in force: a policy some exception names may read anything (its exceptions' selections and conditions). */
export function policyFootprintWith(policy: Policy, kind: string, exceptions: readonly PolicyException[]): Footprint {
  return namedByException(policy, exceptions) ? EVERYTHING('a PolicyException names the policy') : policyFootprint(policy, kind);
}

/** policyResultFootprint with PolicyExceptions in force (see policyFootprintWith). */
export function policyResultFootprintWith(policy: Policy, kind: string, exceptions: readonly PolicyException[]): Footprint {
  return namedByException(policy, exceptions) ? EVERYTHING('a PolicyException names the policy') : policyResultFootprint(policy, kind);
}
