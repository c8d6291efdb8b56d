import type { JsonObject, JsonValue } from '../core/json.ts';
import type { PolicyException } from '../policy/exceptions.ts';
import type { TargetResult } from './mutate-existing.ts';
import type { CelInput } from './cel/cel-input.ts';

/** The outcome of one rule on one resource, as Kyverno reports it. */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export type Layer = 'security' | 'operations' | 'developer';
export const LAYERS: readonly Layer[] = ['security', 'operations', 'developer'];

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Kyverno's validationFailureAction / failureAction. */
export type FailureAction = 'Audit' | 'Enforce';

export type RuleType = 'validate' | 'mutate' | 'generate' | 'verifyImages' | 'unknown';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** Metadata carried on every result of a policy. */
export interface PolicyMeta {
  name: string;
  namespace?: string;
  kind: string;
  title?: string;
  category?: string;
  severity: Severity;
  description?: string;
  layer: Layer;
  /** Where the policy was read from. */
  source?: { file: string; documentIndex: number };
}

/** A text-independent description of how to make a failing rule pass. */
export interface Fix {
  /** RFC 6902 operations on the resource that make the rule pass. */
  patch: JsonPatchOperation[];
  description: string;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: JsonValue;
  from?: string;
}

export interface RuleResult {
  policy: PolicyMeta;
  /** The rule's name as Kyverno reports it (autogen-… for generated controller rules). */
  rule: string;
  ruleType: RuleType;
  status: RuleStatus;
  message: string;
  /** JSON pointers into the evaluated resource of the offending fields, most specific first. Empty when unknown. */
  paths: string[];
  action: FailureAction;
  /** For mutate rules: the resource after the rule applied. */
  patched?: JsonObject;
  /** For mutate rules with `targets` (mutate existing): what the rule did to each existing resource it selects. */
  targets?: TargetResult[];
  /** For generate rules evaluated with `AdmissionInput.generate`: the resources the rule creates. */
  generated?: JsonObject[];
  fix?: Fix;
}

/** What the engine needs to know about the admission request. */
export interface AdmissionInput {
  resource: JsonObject;
  oldResource?: JsonObject;
  /** Defaults to CREATE, as the Kyverno CLI does. */
  operation: Operation;
  /** Variables a Values file supplies for this policy/rule/resource (dotted names allowed: "request.object.metadata.name"). */
  valuesFor?: (policy: string, rule: string) => Record<string, JsonValue>;
  /** Namespace labels for namespaceSelector, by namespace name. */
  namespaceLabels?: Record<string, Record<string, string>>;
  userInfo?: JsonObject;
  /** The requesting user's Roles (`namespace:name`) and ClusterRoles, as a test's UserInfo file gives them. */
  roles?: string[];
  clusterRoles?: string[];
  /** Derive the declared fixes of failing rules (default true); evaluation alone can skip it. */
  deriveFixes?: boolean;
  /** Kyverno PolicyExceptions in force: they exempt named rules for the resources they select. */
  exceptions?: readonly PolicyException[];
  /**
   * The request is for a subresource (`exec`, `scale`, `status`): the resource under review
   * stands for it (PodExecOptions, Scale) and `kind` is the parent's (Pod, Deployment), so
   * `kinds: [Pod/exec]` selects it.
   */
  subresource?: { name: string; kind: { group: string; version: string; kind: string } };
  /** What stands in for the cluster: mocked API calls, global context entries, images (kyverno test files). */
  cluster?: ClusterMocks;
  /** Existing resources that mutate rules with `targets` may change (a test's `targetResources`). */
  targets?: readonly JsonObject[];
  /**
   * Evaluate generate rules (kyverno test): the resources that stand in for the cluster besides
   * the trigger, such as the clone sources a test names. Without it a generate rule is an
   * `error` result saying preadmit does not evaluate it (as `check` reports it).
   */
  generate?: { existing: readonly JsonObject[] };
  /** What the CEL policy kinds read beyond the request: params, Namespace objects, Kyverno's context data. */
  cel?: CelInput;
  /**
   * The resource is a JSON payload (a test's `jsonPayloads`), not a Kubernetes resource:
   * only ValidatingPolicies in `evaluation.mode: JSON` judge it, and only it.
   */
  jsonPayload?: boolean;
}

/** Answers to context entries that would need the cluster, a service or a registry. */
export interface ClusterMocks {
  /** A mocked API call (`urlPath` or service `url`), by method; undefined when not mocked. */
  apiCall?(method: string, url: string): { status: number; body: JsonValue } | undefined;
  /** A global context entry (with an optional projection); undefined when not mocked, a string when it fails. */
  globalContext?(name: string, projection: string): { value: JsonValue } | { error: string } | undefined;
  /** Image data for an `imageRegistry` entry; undefined when not mocked. */
  image?(reference: string): JsonObject | undefined;
  /** A ConfigMap by namespace and name; undefined when not mocked. */
  configMap?(namespace: string, name: string): JsonObject | undefined;
}
