import { cloneJson, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { shiftMessageReferences } from './variables.ts';

/**
 * Kyverno (since 1.16) writes group-qualified kinds into generated rules, so that a CRD
 * named `Job` is not mistaken for a batch Job. preadmit qualifies the group but leaves the
 * version open (`batch/*\/CronJob`): manifests on an older API version of the same group
 * (batch/v1beta1 CronJob, as in the kyverno/policies suites, which earlier Kyverno CLIs
 * matched by plain kind) are still checked.
 */
const CONTROLLER_GVK: Record<string, string> = {
  DaemonSet: 'apps/*/DaemonSet',
  Deployment: 'apps/*/Deployment',
  Job: 'batch/*/Job',
  StatefulSet: 'apps/*/StatefulSet',
  ReplicaSet: 'apps/*/ReplicaSet',
  ReplicationController: 'v1/ReplicationController',
  CronJob: 'batch/*/CronJob',
  Pod: 'v1/Pod',
};

/** Plain controller kinds as the group-qualified kinds written into generated rules. */
export function toGvkKinds(kinds: readonly string[]): string[] {
  return kinds.map((k) => CONTROLLER_GVK[k] ?? k);
}

/** How one generated rule differs from its source. */
export interface RewriteSpec {
  name: string;
  /** Key under `spec` that holds the pod template: `template` (controllers) or `jobTemplate` (CronJob, wrapping the controller rule). */
  templateKey: 'template' | 'jobTemplate';
  /** Path inserted into `$(…)` message references. */
  shift: string;
  /** Plain kinds the generated rule selects. */
  kinds: string[];
  /** Rewrites the kinds of `any`/`all` filters. */
  rewriteFilters: (filters: JsonValue[], gvkKinds: string[]) => JsonValue[];
}

/** Keys Kyverno keeps on a generated rule (its kyvernoRule struct). */
const KEPT_KEYS = [
  'name',
  'match',
  'exclude',
  'context',
  'celPreconditions',
  'preconditions',
  'mutate',
  'validate',
  'verifyImages',
  'skipBackgroundRequests',
  'reportProperties',
] as const;

const present = (v: JsonValue | undefined): v is JsonValue => v !== undefined && v !== null;

function nonEmptyArray(v: JsonValue | undefined): v is JsonValue[] {
  return Array.isArray(v) && v.length > 0;
}

function rewriteBlockKinds(block: JsonObject, spec: RewriteSpec, gvk: string[], side: 'match' | 'exclude'): void {
  if (nonEmptyArray(block['any'])) block['any'] = spec.rewriteFilters(block['any'], gvk);
  else if (nonEmptyArray(block['all'])) block['all'] = spec.rewriteFilters(block['all'], gvk);
  else if (side === 'match') {
    const resources = isObject(block['resources']) ? block['resources'] : {};
    block['resources'] = { ...resources, kinds: gvk };
  } else if (isObject(block['resources']) && nonEmptyArray(block['resources']['kinds'])) {
    block['resources'] = { ...block['resources'], kinds: gvk };
  }
}

const wrap = (templateKey: string, value: JsonValue | undefined): JsonObject => ({ spec: { [templateKey]: value ?? null } });

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) {
    const value = source[key];
    if (present(value)) out[key] = value;
  }
  return out;
}

const ACTION_KEYS = ['failureAction', 'failureActionOverrides', 'allowExistingViolations'] as const;

function messageOf(validate: JsonObject, shift: string, pivot: string): JsonObject {
  const message = validate['message'];
  return typeof message === 'string' && message !== '' ? { message: shiftMessageReferences(message, shift, pivot) } : {};
}

function rewriteMutate(mutate: JsonObject, templateKey: string): JsonObject | undefined {
  if (present(mutate['patchStrategicMerge'])) return { patchStrategicMerge: wrap(templateKey, mutate['patchStrategicMerge']) };
  const foreach = mutate['foreach'];
  if (!nonEmptyArray(foreach)) return undefined;
  return {
    foreach: foreach.map((item) => {
      const f = isObject(item) ? item : {};
      return { ...pick(f, ['list', 'context', 'preconditions']), patchStrategicMerge: wrap(templateKey, f['patchStrategicMerge']) };
    }),
  };
}

function rewriteValidate(validate: JsonObject, spec: RewriteSpec): JsonObject | undefined {
  const { templateKey, shift } = spec;
  const actions = pick(validate, ACTION_KEYS);
  if (present(validate['pattern'])) {
    return { ...messageOf(validate, shift, 'pattern'), ...actions, pattern: wrap(templateKey, validate['pattern']) };
  }
  if (present(validate['deny'])) return { ...messageOf(validate, shift, 'deny'), deny: validate['deny'], ...actions };
  if (present(validate['podSecurity'])) {
    const podSecurity = isObject(validate['podSecurity']) ? validate['podSecurity'] : {};
    const kept = pick(podSecurity, ['level', 'version']);
    if (nonEmptyArray(podSecurity['exclude'])) kept['exclude'] = podSecurity['exclude'];
    return { ...messageOf(validate, shift, 'podSecurity'), podSecurity: kept, ...actions };
  }
  const anyPattern = validate['anyPattern'];
  if (present(anyPattern)) {
    const patterns = Array.isArray(anyPattern) ? anyPattern.map((p) => wrap(templateKey, p)) : [];
    return { ...messageOf(validate, shift, 'anyPattern'), ...actions, anyPattern: patterns };
  }
  if (nonEmptyArray(validate['foreach'])) {
    return { ...messageOf(validate, shift, 'pattern'), foreach: validate['foreach'], ...actions };
  }
  if (present(validate['cel'])) return validate;
  const assert = validate['assert'];
  if (present(assert)) {
    if (!isObject(assert)) return validate;
    const value: JsonObject = { ...assert };
    for (const node of ['object', 'oldObject'] as const) {
      const object = assert[node];
      if (isObject(object)) value[node] = wrap(templateKey, object);
    }
    return { ...validate, assert: value };
  }
  return undefined;
}

/**
 * Kyverno's generateRule: the source rule retargeted at pod controllers (or CronJob) —
 * kinds replaced, pod-level patterns and patches wrapped under the pod template, messages'
 * `$(…)` references shifted. Undefined when the rule has nothing Kyverno carries over.
 * The text rewrite of `request.object…` variables is applied afterwards (see variables.ts).
 */
export function generateRule(source: JsonObject, spec: RewriteSpec): JsonObject | undefined {
  const rule = cloneJson(source);
  rule['name'] = spec.name;
  const gvk = toGvkKinds(spec.kinds);
  const match = isObject(rule['match']) ? rule['match'] : {};
  rewriteBlockKinds(match, spec, gvk, 'match');
  rule['match'] = match;
  if (isObject(rule['exclude'])) rewriteBlockKinds(rule['exclude'], spec, gvk, 'exclude');
  if (isObject(rule['mutate'])) {
    const mutate = rewriteMutate(rule['mutate'], spec.templateKey);
    if (mutate) return { ...rule, mutate };
  }
  if (isObject(rule['validate'])) {
    const validate = rewriteValidate(rule['validate'], spec);
    if (validate) return { ...rule, validate };
  }
  if (present(rule['verifyImages'])) return rule;
  return undefined;
}

/** Keep only the fields Kyverno keeps on generated rules, dropping empty ones. */
export function keepRuleFields(rule: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of KEPT_KEYS) {
    const value = rule[key];
    if (!present(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isObject(value) && Object.keys(value).length === 0 && key !== 'match') continue;
    out[key] = value;
  }
  return out;
}
