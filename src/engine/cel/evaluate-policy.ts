import { fromPointer, getAtPointer, isObject, toPointer, type JsonObject } from '../../core/json.ts';
import { jsonDiff } from '../fix/json-diff.ts';
import { resourceRef } from '../../core/resource-ref.ts';
import type { CelBinding, CelPolicy, CelProgramEntry, ValidationAction } from '../../policy/cel/types.ts';
import type { Policy } from '../../policy/types.ts';
import { selectorMatches, stringMap } from '../match/selector.ts';
import type { AdmissionInput, FailureAction, RuleResult } from '../types.ts';
import { matchResources } from './admission-match.ts';
import { isNamespaced, namespaceObjectFor, subjectOf, type CelRequest } from './admission-request.ts';
import type { CelContextData } from './adapter/index.ts';
import { sharedCelEngine, type CelEngine } from './engine.ts';
import type { ProgramOutcome } from './evaluate-program.ts';
import { evaluateImageValidatingPolicy } from './image-validating-policy.ts';
import { expressionPointers } from './locate-expression.ts';
import { evaluateMutateExisting } from './mutate-existing.ts';

/** The admission request of an input, as the CEL programs see it. */
export function celRequestOf(input: AdmissionInput): CelRequest {
  const object = input.operation === 'DELETE' ? null : input.resource;
  const oldObject = input.oldResource ?? (input.operation === 'DELETE' ? input.resource : null);
  const subject = object ?? oldObject ?? {};
  const namespace = resourceRef(subject).namespace;
  let namespaceObject: JsonObject | null = null;
  if (namespace !== undefined && isNamespaced(subject)) {
    namespaceObject = input.cel?.namespaces?.[namespace] ?? namespaceObjectFor(namespace, input.namespaceLabels?.[namespace] ?? {});
  }
  return {
    object,
    oldObject: input.operation === 'CREATE' ? null : oldObject,
    operation: input.operation,
    userInfo: input.userInfo ?? { username: '', groups: [] },
    namespaceObject,
    context: contextOf(input),
    ...(input.subresource !== undefined ? { subresource: input.subresource } : {}),
  };
}

/** Kyverno's library data: the CEL input's, with a test's mocked API calls and global context entries. */
function contextOf(input: AdmissionInput): CelContextData {
  const context: CelContextData = { ...(input.cel?.context ?? { resources: [], images: {} }) };
  const cluster = input.cluster;
  if (cluster?.apiCall) context.http = (method, url) => cluster.apiCall?.(method, url);
  if (cluster?.globalContext) context.globalLookup = (name, projection) => cluster.globalContext?.(name, projection);
  return context;
}

const actionOf = (actions: readonly ValidationAction[]): FailureAction => (actions.includes('Deny') ? 'Enforce' : 'Audit');

/** The params a binding's paramRef selects (one evaluation each). */
function selectParams(policy: CelPolicy, binding: CelBinding, request: CelRequest, input: AdmissionInput): JsonObject[] {
  const ref = binding.paramRef;
  if (!ref || !policy.paramKind) return [];
  const kind = policy.paramKind;
  const requestNamespace = resourceRef(subjectOf(request)).namespace;
  return (input.cel?.paramResources ?? []).filter((p) => {
    const pref = resourceRef(p);
    if (pref.kind !== kind.kind || pref.apiVersion !== kind.apiVersion) return false;
    if (ref.name !== undefined && pref.name !== ref.name) return false;
    const namespace = ref.namespace ?? requestNamespace;
    if (namespace !== undefined && pref.namespace !== undefined && pref.namespace !== namespace) return false;
    if (ref.selector) {
      const verdict = selectorMatches(ref.selector, stringMap(isObject(p['metadata']) ? p['metadata']['labels'] : undefined));
      if ('error' in verdict || !verdict.matched) return false;
    }
    return true;
  });
}

interface Evaluation {
  entry: CelProgramEntry;
  outcome: ProgramOutcome;
  actions: readonly ValidationAction[];
  label?: string;
}

function toResult(policy: Policy, cel: CelPolicy, evaluation: Evaluation, resource: JsonObject): RuleResult {
  const { entry, outcome, actions } = evaluation;
  const failure = outcome.failures[0];
  const paths = failure ? expressionPointers(failure.expression, entry.program.variables, resource) : [];
  const mutating = cel.dialect === 'MutatingPolicy' || cel.dialect === 'MutatingAdmissionPolicy';
  const result: RuleResult = {
    policy: policy.meta,
    rule: entry.name,
    ruleType: mutating ? 'mutate' : 'validate',
    // as Kyverno reports it: a failed validation is a fail whatever the actions; they decide blocking
    status: outcome.status,
    message: evaluation.label ? `${evaluation.label}: ${outcome.message}` : outcome.message,
    paths,
    action: actionOf(actions),
  };
  if (outcome.patched !== undefined) result.patched = outcome.patched;
  // the change is the fix (cheap to compute, so also without deriveFixes: `check` re-evaluates without them)
  if (mutating && outcome.patched !== undefined) {
    const patch = jsonDiff(resource, outcome.patched);
    if (patch.length > 0) {
      result.fix = { patch, description: `Write what ${policy.meta.name} changes at admission into the manifest, so Git matches what runs` };
      result.paths = [existingParent(resource, patch[0]?.path ?? '')];
    }
  }
  return result;
}

/** The deepest part of a pointer that exists in the resource (where a finding about it can sit). */
function existingParent(resource: JsonObject, pointer: string): string {
  const segments = fromPointer(pointer);
  while (segments.length > 0 && getAtPointer(resource, toPointer(segments)) === undefined) segments.pop();
  return toPointer(segments);
}

/** The CEL PolicyExceptions that name this policy and whose match conditions all hold. */
function exemptingExceptions(policy: Policy, request: CelRequest, input: AdmissionInput, engine: CelEngine): string[] {
  const names: string[] = [];
  for (const exception of input.cel?.exceptions ?? []) {
    if (!exception.policyRefs.some((r) => r.name === policy.meta.name && (r.kind === '' || r.kind === policy.meta.kind))) continue;
    if (engine.run(exception.program, request, null).status === 'pass') names.push(exception.namespace ? `${exception.namespace}/${exception.name}` : exception.name);
  }
  return names;
}

/** Evaluate one program entry under every binding (or alone), with every selected param. */
function evaluateEntry(policy: Policy, cel: CelPolicy, entry: CelProgramEntry, request: CelRequest, input: AdmissionInput, engine: CelEngine): Evaluation[] {
  // a JSON payload has no kind or resource: match constraints do not apply to it
  if (entry.program.match && cel.jsonMode !== true) {
    const verdict = matchResources(entry.program.match, request);
    if ('error' in verdict) return [{ entry, outcome: { status: 'error', message: verdict.error, failures: [] }, actions: cel.validationActions }];
    if (!verdict.applies) return [];
  }
  const exempt = exemptingExceptions(policy, request, input, engine);
  if (exempt.length > 0) {
    return [{ entry, outcome: { status: 'skip', message: `rule skipped due to PolicyException ${exempt.join(', ')}`, failures: [] }, actions: cel.validationActions }];
  }
  if (cel.bindings.length === 0) return [{ entry, outcome: engine.run(entry.program, request, null), actions: cel.validationActions }];
  const out: Evaluation[] = [];
  for (const binding of cel.bindings) {
    if (binding.match) {
      const verdict = matchResources(binding.match, request, { emptyRulesMatchAll: true });
      if ('error' in verdict) {
        out.push({ entry, outcome: { status: 'error', message: verdict.error, failures: [] }, actions: binding.validationActions, label: `binding ${binding.name}` });
        continue;
      }
      if (!verdict.applies) continue;
    }
    if (!binding.paramRef) {
      out.push({ entry, outcome: engine.run(entry.program, request, null), actions: binding.validationActions });
      continue;
    }
    const params = selectParams(cel, binding, request, input);
    if (params.length === 0) {
      if (binding.paramRef.parameterNotFoundAction === 'Deny') {
        out.push({ entry, outcome: { status: 'fail', message: `no params found for binding ${binding.name} (parameterNotFoundAction Deny)`, failures: [] }, actions: binding.validationActions });
      }
      continue;
    }
    // Kyverno's MutatingAdmissionPolicy gives the params a selector picks as one list (params.items)
    if (cel.dialect === 'MutatingAdmissionPolicy' && binding.paramRef.selector) {
      out.push({ entry, outcome: engine.run(entry.program, request, { apiVersion: 'v1', kind: 'List', items: params }), actions: binding.validationActions });
      continue;
    }
    for (const param of params) out.push({ entry, outcome: engine.run(entry.program, request, param), actions: binding.validationActions });
  }
  return out;
}

/**
 * Evaluate a CEL policy (ValidatingPolicy, MutatingPolicy, ValidatingAdmissionPolicy,
 * MutatingAdmissionPolicy) on one resource: each of its programs (the policy and its
 * autogen controller variants) that matches the request gives a result, under each binding
 * that selects it and with each param the binding selects. A failed validation is located
 * on the deepest field of the object its expression reads.
 */
export function evaluateCelPolicy(policy: Policy, input: AdmissionInput, engine: CelEngine = sharedCelEngine()): RuleResult[] {
  const cel = policy.cel;
  if (cel?.image) return evaluateImageValidatingPolicy(policy, input);
  // JSON-mode policies judge JSON payloads only, and only they do
  if (!cel || (cel.jsonMode === true) !== (input.jsonPayload === true)) return [];
  const request = celRequestOf(input);
  const results: RuleResult[] = [];
  for (const entry of cel.programs) {
    if (cel.mutateExisting) {
      const result = evaluateMutateExisting(policy, cel, entry, request, input, engine);
      if (result) results.push(result);
      continue;
    }
    for (const evaluation of evaluateEntry(policy, cel, entry, request, input, engine)) results.push(toResult(policy, cel, evaluation, input.resource));
  }
  return results;
}
