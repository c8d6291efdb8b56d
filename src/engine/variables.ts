import { isObject, toPointer, type JsonObject, type JsonValue } from '../core/json.ts';
import { resourceKeyOf } from './anchors.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { createKyvernoJmespath, type KyvernoJmespath } from './jmespath/registry.ts';
import { substituteString } from './jmespath/template.ts';
import type { ClusterMocks } from './types.ts';

/**
 * The data JMESPath expressions are evaluated against: `request` (object, oldObject,
 * operation, namespace, userInfo …), `element`, `elementIndex`, `images`, rule context
 * entries, and Values-file variables — all as top-level keys of `data`.
 */
export interface VariableScope {
  data: JsonObject;
  /** The evaluator to use (with its clock and random source); a default one otherwise. */
  jmespath?: KyvernoJmespath;
  /** What stands in for the cluster when context entries need it (kyverno test mocks). */
  cluster?: ClusterMocks;
}

export interface SubstituteOptions {
  /** The resource (or sub-resource) that `{{@}}` in a pattern refers to, walked in step with the value. */
  resource?: JsonValue;
}

/** Built once; it holds no state that changes after construction. */
const DEFAULT_JMESPATH = createKyvernoJmespath();

/** A pattern key without its anchor: `=(name)` -> `name`. */
export function stripAnchor(key: string): string {
  return resourceKeyOf(key);
}

function isDeleteRequest(scope: VariableScope): boolean {
  const request = scope.data['request'];
  return isObject(request) && request['operation'] === 'DELETE';
}

/** Evaluate one JMESPath expression (Kyverno dialect, with Kyverno's custom functions) against the scope. */
export function evaluateExpression(expression: string, scope: VariableScope): Outcome<JsonValue> {
  const query = expression.trim();
  if (query === '') return err('invalid query (nil)');
  return (scope.jmespath ?? DEFAULT_JMESPATH).search(query, scope.data);
}

/** Evaluate an expression against a value other than the scope (a context variable's `value` + `jmesPath`). */
export function evaluateExpressionOn(expression: string, value: JsonValue, scope: VariableScope): Outcome<JsonValue> {
  const query = expression.trim();
  if (query === '') return err('invalid query (nil)');
  return (scope.jmespath ?? DEFAULT_JMESPATH).search(query, value);
}

/** Sentinel for "no value at this path of the resource". */
const ABSENT = Symbol('absent');
type Target = JsonValue | typeof ABSENT;

function child(target: Target, key: string | number): Target {
  if (target === ABSENT) return ABSENT;
  if (typeof key === 'number') return Array.isArray(target) && key < target.length ? (target[key] ?? null) : ABSENT;
  return isObject(target) && Object.prototype.hasOwnProperty.call(target, key) ? (target[key] ?? null) : ABSENT;
}

interface Walk {
  scope: VariableScope;
  deleteRequest: boolean;
}

/** Where a value sits in the substituted JSON: built into a pointer only for an error message. */
interface Place {
  parent: Place | undefined;
  key: string | number;
}

function segmentsOf(place: Place | undefined): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let p = place; p !== undefined; p = p.parent) segments.push(p.key);
  return segments.reverse();
}

function substituteText(text: string, walk: Walk, target: Target, place: Place | undefined): Outcome<JsonValue> {
  if (!text.includes('{{')) return ok(text);
  return substituteString(text, (variable) => {
    if (variable === '@') {
      if (target === ABSENT) {
        return err(`failed to resolve @ at path ${toPointer(segmentsOf(place))}: Unknown key "${String(place?.key ?? '')}" in path`);
      }
      return ok(target);
    }
    const query = walk.deleteRequest ? variable.replaceAll('request.object', 'request.oldObject') : variable;
    const result = evaluateExpression(query, walk.scope);
    if (!result.ok) return err(`failed to resolve ${variable} at path ${toPointer(segmentsOf(place))}: ${result.error}`);
    return result;
  });
}

/** Which policy fragments hold `{{` at all: policies are evaluated many times, so this is remembered per object. */
const MENTIONS = new WeakMap<object, boolean>();

/** Does any string (key or value) inside hold `{{`? Values without it substitute to themselves. */
export function mentionsVariables(value: JsonValue): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value === null || typeof value !== 'object') return false;
  const known = MENTIONS.get(value);
  if (known !== undefined) return known;
  const found = Array.isArray(value)
    ? value.some(mentionsVariables)
    : Object.entries(value).some(([k, v]) => k.includes('{{') || mentionsVariables(v));
  MENTIONS.set(value, found);
  return found;
}

function walkValue(value: JsonValue, walk: Walk, target: Target, place: Place | undefined): Outcome<JsonValue> {
  if (typeof value === 'string') return substituteText(value, walk, target, place);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = walkValue(value[i] ?? null, walk, child(target, i), { parent: place, key: i });
      if (!item.ok) return item;
      out.push(item.value);
    }
    return ok(out);
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const item = value[key] ?? null;
      const at: Place = { parent: place, key };
      const keyTarget = child(target, stripAnchor(key));
      const newKey = substituteText(key, walk, keyTarget, at);
      if (!newKey.ok) return newKey;
      const substituted = walkValue(item, walk, keyTarget, at);
      if (!substituted.ok) return substituted;
      out[typeof newKey.value === 'string' ? newKey.value : JSON.stringify(newKey.value)] = substituted.value;
    }
    return ok(out);
  }
  return ok(value);
}

/** Replace every `{{ expression }}` in a JSON value (keys and values). An unresolvable variable is an error naming it. */
export function substituteAll(value: JsonValue, scope: VariableScope, options?: SubstituteOptions): Outcome<JsonValue> {
  if (!mentionsVariables(value)) return ok(value);
  let target: Target;
  if (options?.resource !== undefined) {
    target = options.resource;
  } else {
    const request = scope.data['request'];
    const object = isObject(request) ? request['object'] : undefined;
    target = object === undefined ? ABSENT : object;
  }
  return walkValue(value, { scope, deleteRequest: isDeleteRequest(scope) }, target, undefined);
}
