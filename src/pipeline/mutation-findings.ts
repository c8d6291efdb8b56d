import type { RuleResult } from '../engine/types.ts';

/**
 * A mutating CEL policy (MutatingPolicy, MutatingAdmissionPolicy) that would change a
 * resource at admission: in `check` that is a finding, never blocking, whose fix writes the
 * change into the manifest — so what is in Git is what runs.
 */
export function mutationAsFinding(result: RuleResult): RuleResult {
  if (result.ruleType !== 'mutate' || result.status !== 'pass' || result.fix === undefined || result.policy.kind.endsWith('ClusterPolicy')) return result;
  const changes = result.fix.patch.length;
  return {
    ...result,
    status: 'warn',
    action: 'Audit',
    message: `${result.policy.kind} ${result.policy.name} changes this resource at admission (${changes} change${changes === 1 ? '' : 's'}); write the change into the manifest so it matches what runs.`,
  };
}
