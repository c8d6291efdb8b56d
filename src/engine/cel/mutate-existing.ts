import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { resourceRef } from '../../core/resource-ref.ts';
import type { CelPolicy, CelProgramEntry } from '../../policy/cel/types.ts';
import type { Policy } from '../../policy/types.ts';
import type { TargetResult } from '../mutate-existing.ts';
import type { AdmissionInput, RuleResult } from '../types.ts';
import { matchResources } from './admission-match.ts';
import type { CelRequest } from './admission-request.ts';
import type { CelEngine } from './engine.ts';
import type { AdmissionProgram } from './program.ts';

/** The trigger's part of a program (match conditions only) and the targets' part (mutations only), derived once per program. */
const triggerParts = new WeakMap<AdmissionProgram, AdmissionProgram>();
const targetParts = new WeakMap<AdmissionProgram, AdmissionProgram>();

function part(cache: WeakMap<AdmissionProgram, AdmissionProgram>, program: AdmissionProgram, make: () => AdmissionProgram): AdmissionProgram {
  let derived = cache.get(program);
  if (!derived) {
    derived = make();
    cache.set(program, derived);
  }
  return derived;
}

const sameResource = (a: JsonObject, b: JsonObject): boolean => {
  const x = resourceRef(a);
  const y = resourceRef(b);
  return x.kind === y.kind && x.name === y.name && (x.namespace ?? '') === (y.namespace ?? '') && (x.apiVersion === y.apiVersion || x.apiVersion === '' || y.apiVersion === '');
};

/** The existing resources the policy's targetMatchConstraints select. */
function selectTargets(cel: CelPolicy, request: CelRequest, existing: readonly JsonObject[], engine: CelEngine): { targets: JsonObject[] } | { error: string } {
  const spec = cel.mutateExisting ?? {};
  if (spec.expression !== undefined) {
    // resource.Get / resource.List see the existing resources (as in the cluster)
    const context = { ...request.context, resources: [...request.context.resources, ...existing] };
    const value = engine.value(spec.expression, { ...request, context });
    if (!value.ok) return { error: `targetMatchConstraints.expression: ${value.error}` };
    const listed: JsonValue[] = isArray(value.value) ? value.value : isObject(value.value) && isArray(value.value['items']) ? value.value['items'] : [value.value];
    const wanted = listed.filter(isObject);
    return { targets: existing.filter((r) => wanted.some((w) => sameResource(w, r))) };
  }
  if (!spec.match) return { targets: [] };
  const match = spec.match;
  return {
    targets: existing.filter((target) => {
      const verdict = matchResources(match, { ...request, object: target, oldObject: target, operation: 'UPDATE' });
      return !('error' in verdict) && verdict.applies;
    }),
  };
}

/**
 * A MutatingPolicy with mutateExisting: when the request (the trigger) matches and its match
 * conditions hold, every existing resource targetMatchConstraints selects is mutated on its own
 * (`object` is the target). One result for the trigger, carrying a result per target; a target
 * the mutations do not change is `skip`, as kyverno test reports no patched resource for it.
 */
export function evaluateMutateExisting(policy: Policy, cel: CelPolicy, entry: CelProgramEntry, request: CelRequest, input: AdmissionInput, engine: CelEngine): RuleResult | undefined {
  if (entry.autogen !== undefined || !input.targets) return undefined;
  if (entry.program.match) {
    const verdict = matchResources(entry.program.match, request);
    if ('error' in verdict || !verdict.applies) return undefined;
  }
  const base: RuleResult = { policy: policy.meta, rule: entry.name, ruleType: 'mutate', status: 'pass', message: '', paths: [], action: 'Audit' };
  const trigger = part(triggerParts, entry.program, () => ({ ...entry.program, validations: [], mutations: [] }));
  const holds = engine.run(trigger, request, null);
  if (holds.status !== 'pass') return { ...base, status: holds.status, message: holds.message };
  const selected = selectTargets(cel, request, input.targets, engine);
  if ('error' in selected) return { ...base, status: 'error', message: selected.error };
  const mutations = part(targetParts, entry.program, () => ({ ...entry.program, matchConditions: [], validations: [] }));
  const targets: TargetResult[] = selected.targets.map((resource) => {
    const outcome = engine.run(mutations, { ...request, object: resource, oldObject: resource, operation: 'UPDATE' }, null);
    if (outcome.status !== 'pass') return { resource, status: outcome.status, message: outcome.message };
    const changed = outcome.patched !== undefined && JSON.stringify(outcome.patched) !== JSON.stringify(resource);
    return changed && outcome.patched ? { resource, status: 'pass', message: 'resource patched', patched: outcome.patched } : { resource, status: 'skip', message: 'no patches applied' };
  });
  return { ...base, message: `${targets.length} existing resource(s) selected`, targets };
}
