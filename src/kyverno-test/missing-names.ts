import type { Policy } from '../policy/types.ts';
import type { PolicyMeta } from '../engine/types.ts';
import { ruleNameMatches, type CaseResult } from './compare.ts';

/** A policy the test loaded: its name, kind and (for classic policies) its rules' names. */
export interface LoadedName {
  meta: PolicyMeta;
  rules?: readonly string[];
}

export const loadedNames = (policies: readonly Policy[], others: readonly { meta: PolicyMeta }[]): LoadedName[] => [
  ...policies.map((p) => (p.cel === undefined && p.unsupported === undefined ? { meta: p.meta, rules: p.rules.map((r) => r.name) } : { meta: p.meta })),
  ...others.map((p) => ({ meta: p.meta })),
];

const listed = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', '));

/**
 * A row that found nothing to compare because the policy or rule it names is not in the test
 * says so: a misspelt policy or rule name reads as that, not as a missing resource.
 */
export function namingMissing(cases: readonly CaseResult[], loaded: readonly LoadedName[]): CaseResult[] {
  return cases.map((c) => {
    if (c.ok || (c.actual !== 'not found' && c.actual !== 'no result')) return c;
    const name = c.policy.slice(c.policy.lastIndexOf('/') + 1);
    const policy = loaded.find((p) => p.meta.name === name);
    if (policy === undefined) {
      return { ...c, message: `policy "${name}" is not among the test's policies (${listed(loaded.map((p) => p.meta.name))}); check the row's policy name and the test's policies list. ${c.message}` };
    }
    if (c.rule !== '' && policy.rules !== undefined && !policy.rules.some((rule) => ruleNameMatches(c.rule, rule))) {
      return { ...c, message: `policy "${name}" has no rule "${c.rule}" (its rules: ${listed(policy.rules.filter((rule) => !rule.startsWith('autogen-')))}); check the row's rule name. ${c.message}` };
    }
    return c;
  });
}
