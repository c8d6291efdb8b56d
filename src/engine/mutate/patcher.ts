import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { substituteAll, type VariableScope } from '../variables.ts';
import { preprocessOverlay } from './anchor-preprocess.ts';
import { applyJsonPatch, parseOperations } from './json-patch.ts';
import { schemaForResource } from './merge-schema.ts';
import { mergeValue } from './strategic-merge.ts';

/** One patch, variables substituted, ready to be applied to the resource as it is then. */
export type Patcher =
  | { kind: 'strategicMerge'; overlay: JsonValue }
  | { kind: 'json6902'; operations: JsonObject[] };

export type PatchStep =
  | { status: 'applied'; resource: JsonObject }
  /** An anchor of the overlay did not hold: Kyverno drops the whole overlay. */
  | { status: 'skipped'; message: string }
  | { status: 'error'; message: string };

const mentions = (text: string): boolean => text.includes('{{') || text.includes('$(');

/** What hasVariables found per policy fragment (fragments are evaluated again and again). */
const HAS_VARIABLES = new WeakMap<object, boolean>();

/** Does the value mention a variable (`{{ … }}`) or a reference (`$( … )`) anywhere, keys included? */
function hasVariables(value: JsonValue): boolean {
  if (typeof value === 'string') return mentions(value);
  if (value === null || typeof value !== 'object') return false;
  const known = HAS_VARIABLES.get(value);
  if (known !== undefined) return known;
  const found = Array.isArray(value) ? value.some(hasVariables) : Object.keys(value).some((k) => mentions(k) || hasVariables(value[k] ?? null));
  HAS_VARIABLES.set(value, found);
  return found;
}

function substitute(value: JsonValue, scope: VariableScope): Outcome<JsonValue> {
  if (!hasVariables(value)) return ok(value);
  try {
    return substituteAll(value, scope);
  } catch (e) {
    return err(`variable substitution failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The patch of a `mutate` block or of one foreach entry: `patchStrategicMerge` if present,
 * else `patchesJson6902`; null when it has neither.
 */
export function buildPatcher(block: JsonObject, scope: VariableScope): Outcome<Patcher | null> {
  const overlay = block['patchStrategicMerge'];
  if (overlay !== undefined && overlay !== null) {
    const substituted = substitute(overlay, scope);
    if (!substituted.ok) return err(`patchStrategicMerge: ${substituted.error}`);
    return ok({ kind: 'strategicMerge', overlay: substituted.value });
  }
  const json = block['patchesJson6902'];
  if (json !== undefined && json !== null && json !== '') {
    const substituted = substitute(json, scope);
    if (!substituted.ok) return err(`patchesJson6902: ${substituted.error}`);
    const operations = parseOperations(substituted.value);
    if (!operations.ok) return operations;
    return ok({ kind: 'json6902', operations: operations.value });
  }
  return ok(null);
}

export function applyPatcher(resource: JsonObject, patcher: Patcher): PatchStep {
  if (patcher.kind === 'json6902') {
    const patched = applyJsonPatch(resource, patcher.operations);
    if (!patched.ok) return { status: 'error', message: `patchesJson6902: ${patched.error}` };
    if (!isObject(patched.value)) return { status: 'error', message: 'patchesJson6902 replaced the resource with a non-object' };
    return { status: 'applied', resource: patched.value };
  }
  const prepared = preprocessOverlay(patcher.overlay, resource);
  if (!prepared.ok) {
    const { kind, message } = prepared.failure;
    return kind === 'error' ? { status: 'error', message: `patchStrategicMerge: ${message}` } : { status: 'skipped', message };
  }
  const merged = mergeValue(resource, prepared.overlay, schemaForResource(resource), '');
  if (!merged.ok) return { status: 'error', message: `patchStrategicMerge: ${merged.error}` };
  if (!isObject(merged.value)) return { status: 'error', message: 'patchStrategicMerge removed the whole resource' };
  return { status: 'applied', resource: merged.value };
}
