import type { JsonObject } from '../core/json.ts';
import type { FailureAction, PolicyMeta } from '../engine/types.ts';
import type { CelPolicy } from './cel/types.ts';

/** One rule of a policy, as Kyverno JSON (`name`, `match`, `exclude`, `context`, `preconditions`, `validate` | `mutate` …). */
export interface Rule {
  name: string;
  raw: JsonObject;
  /** Set for rules Kyverno's auto-generation derived from a Pod rule. */
  autogen?: { from: string; target: 'pod-controllers' | 'cronjob' };
}

/** A loaded `kyverno.io` ClusterPolicy or Policy. */
export interface Policy {
  meta: PolicyMeta;
  /** spec.validationFailureAction, default Audit. */
  action: FailureAction;
  spec: JsonObject;
  /** The rules as written, followed by their auto-generated controller rules. */
  rules: Rule[];
  raw: JsonObject;
  /**
   * Set when preadmit cannot evaluate this kind of policy yet (CEL ValidatingPolicy,
   * ValidatingAdmissionPolicy …): every resource it selects gets an `error` result saying so.
   */
  unsupported?: string;
  /** Set for the CEL kinds (ValidatingPolicy, MutatingPolicy, Validating/MutatingAdmissionPolicy): what the CEL engine runs. */
  cel?: CelPolicy;
  /**
   * Declared fixes, by rule name (generated rules included): a Kyverno mutate block that
   * makes the failing validate rule pass. From the annotation `preadmit.dev/fix.<rule>`.
   */
  fixes?: ReadonlyMap<string, DeclaredFix>;
}

export interface DeclaredFix {
  /** What the fix does, for the person reading the pull request. */
  description: string;
  /** A Kyverno `mutate` block (patchStrategicMerge, patchesJson6902, foreach). */
  mutate: JsonObject;
}
