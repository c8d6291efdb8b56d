import type { JsonObject } from '../../core/json.ts';
import type { AdmissionProgram, MatchResources } from '../../engine/cel/program.ts';
import type { ImageValidatingProgram } from './load-image-policy.ts';

/** Kubernetes' validationActions. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** One program of a CEL policy: the policy as written, or one of its auto-generated controller variants. */
export interface CelProgramEntry {
  /** The name its results carry: the policy's name, or `autogen-<policy>` / `autogen-cronjob-<policy>`. */
  name: string;
  program: AdmissionProgram;
  /** Set for programs Kyverno's autogen derived from the Pod program. */
  autogen?: 'pod-controllers' | 'cronjob';
}

/** A ValidatingAdmissionPolicyBinding / MutatingAdmissionPolicyBinding. */
export interface CelBinding {
  name: string;
  match?: MatchResources;
  paramRef?: {
    name?: string;
    namespace?: string;
    selector?: JsonObject;
    parameterNotFoundAction: 'Allow' | 'Deny';
  };
  validationActions: ValidationAction[];
}

/** A CEL policy of any kind, as the engine evaluates it (plain JSON: structured-cloneable). */
export interface CelPolicy {
  dialect: 'ValidatingPolicy' | 'MutatingPolicy' | 'ValidatingAdmissionPolicy' | 'MutatingAdmissionPolicy' | 'ImageValidatingPolicy';
  programs: CelProgramEntry[];
  /** The policy's own validationActions (Kyverno kinds); a binding's win for Kubernetes kinds. */
  validationActions: ValidationAction[];
  /** Kubernetes kinds: the kind of params and the bindings (none: the policy applies alone, as Kyverno's CLI does). */
  paramKind?: { apiVersion: string; kind: string };
  bindings: CelBinding[];
  /**
   * MutatingPolicy `evaluation.mutateExisting.enabled`: the request triggers mutations of
   * existing resources, the targets `targetMatchConstraints` selects (admission matching, or
   * an expression returning the target objects).
   */
  mutateExisting?: { match?: MatchResources; expression?: string };
  /**
   * ValidatingPolicy `evaluation.mode: JSON`: the policy judges JSON documents (a Terraform
   * plan, a Dockerfile's parse …), not Kubernetes resources; it applies only to a test's
   * `jsonPayloads`, where `object` is the payload and match constraints do not apply.
   */
  jsonMode?: true;
  /** ImageValidatingPolicy: the images it is about and how they are verified. */
  image?: ImageValidatingProgram;
}
