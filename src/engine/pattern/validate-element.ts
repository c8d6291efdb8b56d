import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { handleAnchor, handlePlainKey } from './anchor-handlers.ts';
import { isPhaseOneAnchor, isTrackedAnchor, parseAnchor } from '../anchors.ts';
import { expandMetadataWildcards } from './metadata-wildcards.ts';
import { matchScalar } from './value.ts';
import {
  describe,
  describePattern,
  isSkipError,
  pointerOf,
  walkError,
  type PathSegments,
  type WalkContext,
  type WalkError,
} from './walk-types.ts';

/**
 * Kyverno's validateResourceElement: match one resource element against one pattern element,
 * by the pattern's type. Returns null when it matches.
 */
export function validateElement(
  resource: JsonValue | undefined,
  pattern: JsonValue,
  path: PathSegments,
  context: WalkContext,
): WalkError | null {
  if (isObject(pattern)) {
    if (!isObject(resource)) {
      return walkError('mismatch', path, `${pointerOf(path)}: expected an object, found ${describe(resource)}`);
    }
    trackAnchors(pattern, resource, context);
    return validateMap(resource, pattern, path, context);
  }
  if (isArray(pattern)) {
    if (!isArray(resource)) {
      return walkError('mismatch', path, `${pointerOf(path)}: expected a list, found ${describe(resource)}`);
    }
    return validateArray(resource, pattern, path, context);
  }
  if (isArray(resource)) {
    for (const [index, item] of resource.entries()) {
      if (!matchScalar(item, pattern)) return valueMismatch(item, pattern, [...path, index]);
    }
    return null;
  }
  return matchScalar(resource, pattern) ? null : valueMismatch(resource, pattern, path);
}

function valueMismatch(value: JsonValue | undefined, pattern: JsonValue, path: PathSegments): WalkError {
  return walkError('mismatch', path, `${pointerOf(path)}: expected ${describePattern(pattern)}, found ${describe(value)}`);
}

/** Kyverno's anchor map: remember whether each conditional/existence/negation key was ever present. */
function trackAnchors(pattern: JsonObject, resource: JsonObject, context: WalkContext): void {
  for (const key of Object.keys(pattern)) {
    const anchor = parseAnchor(key);
    if (anchor === undefined || !isTrackedAnchor(anchor)) continue;
    const seen = context.trackedAnchors.get(key) === true;
    context.trackedAnchors.set(key, seen || Object.prototype.hasOwnProperty.call(resource, anchor.key));
  }
}

function hasNestedAnchors(pattern: JsonValue): boolean {
  if (isObject(pattern)) {
    return Object.entries(pattern).some(([key, value]) => parseAnchor(key) !== undefined || hasNestedAnchors(value));
  }
  return isArray(pattern) && pattern.some(hasNestedAnchors);
}

/**
 * Kyverno's key order: phase-one anchors (conditional, existence, equality, negation) sorted;
 * then global anchors and keys holding nested anchors (reverse sorted), then the other keys sorted.
 * The first error wins, so this order decides between skip and fail.
 */
const ORDERED = new WeakMap<JsonObject, readonly string[]>();

/** orderedKeys, once per pattern map (a policy's patterns are walked on every resource). */
function orderedKeys(pattern: JsonObject): readonly string[] {
  let keys = ORDERED.get(pattern);
  if (keys === undefined) {
    keys = orderKeys(pattern);
    ORDERED.set(pattern, keys);
  }
  return keys;
}

function orderKeys(pattern: JsonObject): string[] {
  const keys = Object.keys(pattern).sort();
  const anchors = keys.filter((key) => isPhaseOneAnchor(parseAnchor(key)));
  const front: string[] = [];
  const back: string[] = [];
  for (const key of keys) {
    if (anchors.includes(key)) continue;
    const anchor = parseAnchor(key);
    if (anchor?.kind === 'global' || hasNestedAnchors(pattern[key] ?? null)) front.unshift(key);
    else back.push(key);
  }
  return [...anchors, ...front, ...back];
}

/**
 * A failing conditional or global anchor ends the map at once (the map does not apply). A list
 * whose elements were all skipped does not: the other keys are still checked, and the map is
 * skipped only when no other key applied (an optional list of init containers that are all
 * exempted does not skip a rule whose containers were checked). Once such a skip is recorded, a
 * later failure in the same map does not override it, as in Kyverno.
 */
function validateMap(resource: JsonObject, rawPattern: JsonObject, path: PathSegments, context: WalkContext): WalkError | null {
  const pattern = expandMetadataWildcards(rawPattern, resource);
  let applied = 0;
  const skipped: WalkError[] = [];
  for (const key of orderedKeys(pattern)) {
    const value = pattern[key] ?? null;
    const anchor = parseAnchor(key);
    const error = anchor === undefined
      ? handlePlainKey(key, value, resource, path, context, validateElement)
      : handleAnchor(anchor, value, resource, path, context, validateElement);
    if (error === null) applied++;
    else if (error.kind === 'skipped') skipped.push(error);
    else if (isSkipError(error) || error.kind === 'invalid' || skipped.length === 0) return error;
  }
  const first = skipped[0];
  if (first === undefined || applied > 0) return null;
  return skipped.length === 1 ? first : walkError('skipped', first.path, summarize(skipped));
}

function validateArray(resource: JsonValue[], pattern: JsonValue[], path: PathSegments, context: WalkContext): WalkError | null {
  const first = pattern[0];
  // Kyverno accepts an empty list in a policy but no resource list can then match it.
  if (first === undefined) return walkError('mismatch', path, `${pointerOf(path)}: the pattern holds an empty list, which nothing matches`);
  if (isObject(first)) return validateEach(resource.map((item, i) => [item, first, i] as const), path, context);
  if (!isArray(first)) return validateElement(resource, first, path, context);
  if (resource.length < pattern.length) {
    return walkError('mismatch', path, `${pointerOf(path)}: expected at least ${pattern.length} elements, found ${resource.length}`);
  }
  return validateEach(pattern.map((item, i) => [resource[i], item, i] as const), path, context);
}

/**
 * Validate list elements; elements skipped by conditional/global anchors do not count, and a
 * list whose every element was skipped is itself skipped.
 */
function validateEach(
  pairs: readonly (readonly [JsonValue | undefined, JsonValue, number])[],
  path: PathSegments,
  context: WalkContext,
): WalkError | null {
  let applied = 0;
  const skipped: WalkError[] = [];
  for (const [item, pattern, index] of pairs) {
    const error = validateElement(item, pattern, [...path, index], context);
    if (error === null) applied++;
    else if (isSkipError(error)) skipped.push(error);
    else return error;
  }
  if (applied === 0 && skipped.length > 0) {
    return walkError('skipped', path, `no element of ${pointerOf(path)} applies: ${summarize(skipped)}`);
  }
  return null;
}

/** The reasons of a few skips, then a count of the rest. */
function summarize(errors: readonly WalkError[], shown = 3): string {
  const head = errors.slice(0, shown).map((e) => e.message).join('; ');
  return errors.length > shown ? `${head}; and ${errors.length - shown} more` : head;
}
