import type { JsonObject, JsonValue } from '../core/json.ts';
import type { PolicyException } from '../policy/exceptions.ts';

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
  /** Derive the declared fixes of failing rules (default true); evaluation alone can skip it. */
  deriveFixes?: boolean;
  /** Kyverno PolicyExceptions in force: they exempt named rules for the resources they select. */
  exceptions?: readonly PolicyException[];
}
