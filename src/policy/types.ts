import type { JsonObject } from '../core/json.ts';
import type { FailureAction, PolicyMeta } from '../engine/types.ts';

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
}
