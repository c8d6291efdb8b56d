import { evaluateDeletingPolicy } from '../engine/cel/deleting-policy.ts';
import { evaluateGeneratingPolicy } from '../engine/cel/generating-policy.ts';
import type { AdmissionInput, RuleResult } from '../engine/types.ts';
import { isLifecyclePolicyDocument, LIFECYCLE_KINDS, readLifecyclePolicy, type LifecyclePolicy } from '../policy/cel/lifecycle.ts';
import type { PolicyDocument } from '../policy/load.ts';

/**
 * GeneratingPolicy and DeletingPolicy in `preadmit test`: `check` reports them as not
 * evaluated (they act on other resources than the one admitted), the test runner evaluates
 * them as `kyverno test` does, through these.
 */

/** Is a policy of this kind evaluated here rather than by the admission engine? */
export const isLifecycleKind = (kind: string): boolean => kind in LIFECYCLE_KINDS;

/** The GeneratingPolicies and DeletingPolicies (either scope) among a test's policy documents. */
export function loadLifecyclePolicies(docs: readonly PolicyDocument[]): { policies: LifecyclePolicy[]; problems: string[] } {
  const policies: LifecyclePolicy[] = [];
  const problems: string[] = [];
  for (const doc of docs) {
    if (!isLifecyclePolicyDocument(doc.object)) continue;
    const read = readLifecyclePolicy(doc.object, 'security', { file: doc.file, documentIndex: doc.documentIndex });
    for (const problem of read.problems) problems.push(`${doc.file}: ${problem}`);
    if (read.policy) policies.push(read.policy);
  }
  return { policies, problems };
}

/**
 * Their results on one resource of the test. DeletingPolicies act on existing resources at
 * their schedule, not on a request: as in kyverno test, they answer in the run without an
 * explicit operation only (`withDeleting`).
 */
export function evaluateLifecycle(policies: readonly LifecyclePolicy[], input: AdmissionInput, withDeleting: boolean): RuleResult[] {
  return policies.flatMap((policy) => {
    if (policy.type === 'generating') return evaluateGeneratingPolicy(policy, input);
    return withDeleting ? evaluateDeletingPolicy(policy, input) : [];
  });
}
