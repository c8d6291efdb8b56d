import type { JsonValue } from '../core/json.ts';
import { checkPattern } from './pattern/check-pattern.ts';
import { validateElement } from './pattern/validate-element.ts';
import { matchScalar } from './pattern/value.ts';
import { pointerOf, type WalkContext } from './pattern/walk-types.ts';

export type PatternOutcome =
  | { status: 'pass' }
  /** path: JSON pointer (relative to the value validated) of the field that did not match, or of its nearest existing parent. */
  | { status: 'fail'; path: string; message: string }
  /** A conditional or global anchor did not hold: the rule does not apply. */
  | { status: 'skip'; path: string; message: string }
  | { status: 'error'; path: string; message: string };

const CHECKED = new WeakMap<object, ReturnType<typeof checkPattern>>();

/** checkPattern, once per pattern (a policy's patterns are used on every resource). */
function checkedPattern(pattern: JsonValue): ReturnType<typeof checkPattern> {
  if (pattern === null || typeof pattern !== 'object') return checkPattern(pattern);
  let invalid = CHECKED.get(pattern);
  if (invalid === undefined) {
    invalid = checkPattern(pattern);
    CHECKED.set(pattern, invalid);
  }
  return invalid;
}

/**
 * Validate a resource against a Kyverno `validate.pattern` (variables already substituted), with
 * Kyverno's semantics: anchors, lists of objects (each element must match; elements a conditional
 * anchor does not apply to are skipped), scalar operators, wildcards, quantities and durations.
 * The path of a fail is the JSON pointer into the resource of the offending (or missing) field.
 */
export function validatePattern(resource: JsonValue, pattern: JsonValue): PatternOutcome {
  const invalid = checkedPattern(pattern);
  if (invalid !== null) return { status: 'error', path: pointerOf(invalid.path), message: `invalid pattern: ${invalid.message}` };
  const context: WalkContext = { trackedAnchors: new Map() };
  const error = validateElement(resource, pattern, [], context);
  if (error === null) return { status: 'pass' };
  const path = pointerOf(error.path);
  switch (error.kind) {
    case 'invalid':
      return { status: 'error', path, message: `invalid pattern: ${error.message}` };
    case 'conditional':
    case 'global':
    case 'skipped':
      return { status: 'skip', path, message: error.message };
    case 'negation':
      return { status: 'fail', path, message: error.message };
    case 'mismatch': {
      // Kyverno reports a mismatch as an error (not a fail) when an anchored key of the pattern
      // (conditional, existence or negation) occurs nowhere in the resource.
      const absent = [...context.trackedAnchors].filter(([, seen]) => !seen).map(([key]) => key);
      if (absent.length === 0) return { status: 'fail', path, message: error.message };
      const keys = absent.join(', ');
      return { status: 'error', path, message: `${error.message} (Kyverno reports this as an error, not a failure, because the anchored key ${keys} occurs nowhere in the resource)` };
    }
  }
}

/** Does a scalar resource value match a scalar pattern value (wildcards, operators, ranges, quantities, durations)? */
export function matchValue(value: JsonValue | undefined, pattern: JsonValue): boolean {
  return matchScalar(value, pattern);
}

/**
 * Kyverno's `anyPattern`: pass when any pattern passes; skip when every pattern is skipped;
 * an invalid pattern is an error; otherwise fail, with the reasons of every failing pattern.
 */
export function validateAnyPattern(resource: JsonValue, patterns: readonly JsonValue[]): PatternOutcome {
  if (patterns.length === 0) return { status: 'error', path: '', message: 'anyPattern must be a non-empty list of patterns' };
  const failures: { path: string; message: string }[] = [];
  for (const [index, pattern] of patterns.entries()) {
    const outcome = validatePattern(resource, pattern);
    if (outcome.status === 'pass') return outcome;
    if (outcome.status === 'error') return { ...outcome, message: `anyPattern[${index}]: ${outcome.message}` };
    if (outcome.status === 'fail') failures.push({ path: outcome.path, message: `anyPattern[${index}]: ${outcome.message}` });
  }
  const first = failures[0];
  if (first === undefined) return { status: 'skip', path: '', message: 'no pattern of anyPattern applies (conditional anchors did not hold)' };
  return { status: 'fail', path: first.path, message: failures.map((f) => f.message).join('; ') };
}
