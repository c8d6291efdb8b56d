import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { copyJson } from '../json-copy.ts';
import { validatePattern } from '../pattern.ts';
import { isAddIfNotPresent, isConditional, isGlobal, isCondition, isMutateAnchor, parseAnchor, type AnchorKey } from './anchor-key.ts';
import { deleteAnchors, hasAnchors, renameKey, stripConditionalAnchors } from './anchor-strip.ts';

/**
 * Kyverno's pre-processing of a `patchStrategicMerge` overlay against the resource
 * (pkg/engine/mutate/patch/strategicPreprocessing.go), re-done on JSON values:
 * - `+(key)`: dropped when the resource has the key, else written as `key`;
 * - `(key)` / `<(key)` in a map: the value must match the resource (validate-pattern
 *   semantics) or the whole overlay is dropped;
 * - a list entry with anchors is checked against every resource element; for each
 *   element that satisfies it, a copy named after that element (its `name`) is added;
 *   a global anchor that no element satisfies drops the whole overlay;
 * - finally the anchors themselves are removed.
 */

export interface AnchorFailure {
  /** condition / global: an anchor did not hold (Kyverno skips); error: the overlay cannot be used. */
  kind: 'condition' | 'global' | 'error';
  message: string;
}

export type PreprocessResult = { ok: true; overlay: JsonObject } | { ok: false; failure: AnchorFailure };

type Step = AnchorFailure | null;

function hasKey(value: JsonValue | undefined, key: string): value is JsonObject {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key);
}

/** Kyverno compares scalars of a condition by their YAML text. */
function asConditionValue(value: JsonValue): JsonValue {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function checkCondition(pattern: JsonValue, resource: JsonValue, kind: 'condition' | 'global', key: string): Step {
  try {
    const out = validatePattern(asConditionValue(resource), asConditionValue(pattern));
    if (out.status === 'pass') return null;
    if (out.status === 'error') return { kind: 'error', message: `anchor (${key}): ${out.message}` };
    return { kind, message: `${kind} anchor (${key}) does not match: ${out.message}` };
  } catch (e) {
    return { kind: 'error', message: `anchor (${key}) could not be checked: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Resolve `+(key)` anchors of one map against the resource map; returns how many there were. */
function handleAddIfNotPresent(pattern: JsonValue | undefined, resource: JsonValue | undefined): number {
  if (!isObject(pattern)) return 0;
  let count = 0;
  for (const raw of Object.keys(pattern)) {
    const anchor = parseAnchor(raw);
    if (anchor === null || !isAddIfNotPresent(anchor)) continue;
    count++;
    if (hasKey(resource, anchor.key)) delete pattern[raw];
    else renameKey(pattern, raw, anchor.key);
  }
  return count;
}

function validateConditions(pattern: JsonObject, resource: JsonValue | undefined, filter: (a: AnchorKey | null) => boolean, kind: 'condition' | 'global'): Step {
  for (const raw of Object.keys(pattern)) {
    const anchor = parseAnchor(raw);
    if (anchor === null || !filter(anchor)) continue;
    if (!hasKey(resource, anchor.key)) return { kind, message: `${kind} anchor: "${anchor.key}" is not in the resource` };
    const patternValue = pattern[raw] ?? null;
    const resourceValue = resource[anchor.key] ?? null;
    if (handleAddIfNotPresent(patternValue, resourceValue) > 0) continue;
    const step = checkCondition(patternValue, resourceValue, kind, anchor.key);
    if (step !== null) return step;
  }
  return null;
}

function walkMap(pattern: JsonObject, resource: JsonValue | undefined): Step {
  handleAddIfNotPresent(pattern, resource);
  const global = validateConditions(pattern, resource, isGlobal, 'global');
  if (global !== null) return global;
  const condition = validateConditions(pattern, resource, isCondition, 'condition');
  if (condition !== null) return condition;
  for (const key of Object.keys(pattern)) {
    if (isMutateAnchor(parseAnchor(key))) continue;
    const child = pattern[key];
    if (child === undefined) continue;
    const step = preprocess(child, hasKey(resource, key) ? resource[key] : undefined);
    if (step !== null) return step;
  }
  return null;
}

function preprocess(pattern: JsonValue, resource: JsonValue | undefined): Step {
  if (isObject(pattern)) return walkMap(pattern, resource);
  if (isArray(pattern) && pattern.length > 0 && isObject(pattern[0])) return walkListOfMaps(pattern, resource);
  return null;
}

/** Add a copy of a satisfied anchored entry, named after the resource element it matched. */
function addNamedCopy(list: JsonValue[], entry: JsonValue, resourceElement: JsonValue): void {
  const name = isObject(resourceElement) ? resourceElement['name'] : undefined;
  if (name === undefined || name === null || name === '') return;
  const copy = copyJson(entry);
  if (deleteAnchors(copy, true, false) || !isObject(copy)) return;
  copy['name'] = name;
  list.push(copy);
}

function walkListOfMaps(pattern: JsonValue[], resource: JsonValue | undefined): Step {
  const missing = resource === undefined || resource === null;
  if (!missing && !isArray(resource)) return { kind: 'error', message: 'the overlay has a list where the resource does not' };
  const elements = isArray(resource) ? resource : [];
  for (const entry of [...pattern]) {
    if (!hasAnchors(entry, isMutateAnchor)) continue;
    const hasGlobal = hasAnchors(entry, isGlobal);
    let globalPassed = false;
    let lastGlobal: AnchorFailure | null = null;
    // One working copy for all elements, as Kyverno does: `+(key)` resolved on one element stays resolved.
    const working = copyJson(entry);
    for (const element of elements) {
      const step = preprocess(working, element);
      if (step !== null) {
        if (step.kind === 'condition') continue;
        if (step.kind === 'global') {
          lastGlobal = step;
          continue;
        }
        return step;
      }
      if (hasGlobal) globalPassed = true;
      else addNamedCopy(pattern, working, element);
    }
    if (missing) {
      const step = preprocess(working, undefined);
      if (step !== null) {
        if (step.kind === 'condition') continue;
        return step;
      }
      if (hasGlobal) globalPassed = true;
    }
    if (!globalPassed && lastGlobal !== null) return lastGlobal;
  }
  return null;
}

function deleteConditionElements(overlay: JsonObject): void {
  for (const key of Object.keys(overlay)) {
    const anchored = isConditional(parseAnchor(key));
    if (deleteAnchors(overlay[key], anchored, false)) delete overlay[key];
  }
  // Kyverno leaves a top-level `(key)` with remaining content spelled as is; write it as `key`.
  stripConditionalAnchors(overlay);
}

/** Pre-process an overlay against the resource; the input is not modified. */
export function preprocessOverlay(overlay: JsonValue, resource: JsonValue): PreprocessResult {
  if (!isObject(overlay)) return { ok: false, failure: { kind: 'error', message: 'patchStrategicMerge must be a mapping' } };
  const working = copyJson(overlay);
  const step = preprocess(working, resource);
  if (step !== null) return { ok: false, failure: step };
  deleteConditionElements(working);
  return { ok: true, overlay: working };
}
