import type { JsonObject } from '../../core/json.ts';

/**
 * An admission program as every CEL policy kind writes it, in plain JSON (structured-
 * cloneable, so it can cross to a worker): the front ends in src/policy/cel turn
 * ValidatingPolicy, MutatingPolicy, ValidatingAdmissionPolicy, MutatingAdmissionPolicy and
 * ClusterPolicy `validate.cel` into this one shape.
 */
export interface NamedExpression {
  name: string;
  expression: string;
}

export interface CelValidation {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
}

export interface CelMutation {
  patchType: 'ApplyConfiguration' | 'JSONPatch';
  expression: string;
}

/** Kubernetes admission matching (MatchResources). */
export interface MatchResources {
  resourceRules: JsonObject[];
  excludeResourceRules: JsonObject[];
  namespaceSelector?: JsonObject;
  objectSelector?: JsonObject;
}

export interface AdmissionProgram {
  /** Admission matching; absent when the front end matches by other means (ClusterPolicy match). */
  match?: MatchResources;
  /** All must be true, else the request is skipped. */
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
  validations: CelValidation[];
  mutations: CelMutation[];
  /** What an error in a match condition or validation means: Fail gives an error result, Ignore a skip. */
  failurePolicy: 'Fail' | 'Ignore';
  /** Validation errors count as failures (Kyverno's validate.cel, as the API server validator does). */
  errorsFail?: boolean;
}
