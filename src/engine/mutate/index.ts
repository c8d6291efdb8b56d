import { deepEqual, isArray, isObject, type JsonObject } from '../../core/json.ts';
import type { VariableScope } from '../variables.ts';
import { collectForeachPatchers } from './foreach-mutate.ts';
import { applyPatcher, buildPatcher, type Patcher } from './patcher.ts';

export { applyJsonPatch, applyJsonPatchShared, parseOperations } from './json-patch.ts';
export { mergeValue } from './strategic-merge.ts';
export { preprocessOverlay } from './anchor-preprocess.ts';
export { schemaForResource, type MergeSchema } from './merge-schema.ts';
export type { Patcher } from './patcher.ts';

export interface MutateOutcome {
  /** pass: the resource changed; skip: nothing changed (anchors or preconditions did not hold, or the values were already there); error: see message. */
  status: 'pass' | 'skip' | 'error';
  /** The resource after the mutation (the input itself when nothing changed or on error). */
  patched: JsonObject;
  message: string;
}

function collect(mutate: JsonObject, scope: VariableScope): { patchers: Patcher[] } | { error: string } {
  if (mutate['foreach'] !== undefined && mutate['foreach'] !== null) {
    const collected = collectForeachPatchers(mutate['foreach'], scope, 0);
    return collected.ok ? { patchers: collected.value } : { error: collected.error };
  }
  const patcher = buildPatcher(mutate, scope);
  if (!patcher.ok) return { error: patcher.error };
  if (patcher.value === null) return { error: 'mutate has no patchStrategicMerge, patchesJson6902 or foreach' };
  return { patchers: [patcher.value] };
}

function mutateResource(resource: JsonObject, mutate: JsonObject, scope: VariableScope): MutateOutcome {
  const error = (message: string): MutateOutcome => ({ status: 'error', patched: resource, message });
  if (isArray(mutate['targets']) && mutate['targets'].length > 0) {
    return error('mutate.targets (existing resources) cannot be evaluated offline');
  }
  const collected = collect(mutate, scope);
  if ('error' in collected) return error(collected.error);
  if (collected.patchers.length === 0) return { status: 'skip', patched: resource, message: 'no patches to apply: no foreach element applied' };
  let current = resource;
  const skipped: string[] = [];
  for (const patcher of collected.patchers) {
    const step = applyPatcher(current, patcher);
    if (step.status === 'error') return error(step.message);
    if (step.status === 'skipped') skipped.push(step.message);
    else current = step.resource;
  }
  if (deepEqual(resource, current)) {
    const why = skipped[0] ?? 'the resource already has the values the patch sets';
    return { status: 'skip', patched: resource, message: `no patches applied: ${why}` };
  }
  return { status: 'pass', patched: current, message: 'resource patched' };
}

/**
 * Apply a rule's `mutate` block (variables not yet substituted) to a resource, as Kyverno
 * does: patchStrategicMerge with anchors, patchesJson6902, or foreach. Never throws.
 */
export function applyMutate(resource: JsonObject, mutate: JsonObject, scope: VariableScope): MutateOutcome {
  if (!isObject(mutate)) return { status: 'error', patched: resource, message: 'mutate must be a mapping' };
  try {
    return mutateResource(resource, mutate, scope);
  } catch (e) {
    return { status: 'error', patched: resource, message: `mutate failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
