import type { JsonValue } from '../../core/json.ts';
import { goSprint } from './go-format.ts';
import { matchRange, rangeKind } from './range.ts';
import { wildcardMatch } from '../wildcard.ts';

/**
 * Kyverno's set operators AnyIn, AllIn, AnyNotIn, AllNotIn. The key is a scalar or a list
 * (items compared as text); the value is a list, a single string, a JSON list in a string,
 * or a range ("1-10", "1!-10"). Wildcards work in both directions. A key or value of
 * another type makes every operator false.
 */
export type SetOperator = 'AnyIn' | 'AllIn' | 'AnyNotIn' | 'AllNotIn';

const matches = (a: string, b: string): boolean => wildcardMatch(a, b) || wildcardMatch(b, a);

function keyItems(key: JsonValue): string[] | undefined {
  if (Array.isArray(key)) return key.map(goSprint);
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') return [goSprint(key)];
  return undefined;
}

/** The candidate values a string value stands for: a JSON list of strings, or itself. */
function stringValueItems(value: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [value];
  }
  if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed;
  return undefined;
}

function decide(operator: SetOperator, found: boolean[]): boolean {
  switch (operator) {
    case 'AnyIn': return found.some((f) => f);
    case 'AllIn': return found.length > 0 && found.every((f) => f);
    case 'AnyNotIn': return found.some((f) => !f);
    case 'AllNotIn': return found.every((f) => !f);
  }
}

export function evaluateSet(operator: SetOperator, key: JsonValue, value: JsonValue): boolean {
  const keys = keyItems(key);
  if (keys === undefined) return false;
  if (Array.isArray(value)) {
    const values = value.map(goSprint);
    return decide(operator, keys.map((k) => values.some((v) => matches(k, v))));
  }
  if (typeof value !== 'string') return false;
  if (keys.length === 1 && keys[0] !== undefined && (keys[0] === value || wildcardMatch(value, keys[0]))) {
    return operator === 'AnyIn' || operator === 'AllIn';
  }
  if (rangeKind(value) !== undefined) return decide(operator, keys.map((k) => matchRange(k, value)));
  const values = stringValueItems(value);
  if (values === undefined) return false;
  return decide(operator, keys.map((k) => values.some((v) => matches(k, v))));
}

/** The deprecated In / NotIn: every key item is (In) / no key item is (NotIn) in the value. */
export function evaluateLegacyIn(negate: boolean, key: JsonValue, value: JsonValue): boolean {
  const keys = keyItems(key);
  if (keys === undefined) return false;
  let values: string[] | undefined;
  if (Array.isArray(value)) values = value.map(goSprint);
  else if (typeof value === 'string') values = keys.length === 1 && keys[0] === value ? [value] : stringValueItems(value);
  if (values === undefined) return false;
  const found = keys.map((k) => (values ?? []).some((v) => matches(k, v)));
  return negate ? found.every((f) => !f) : found.every((f) => f);
}
