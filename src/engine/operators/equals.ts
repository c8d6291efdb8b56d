import { deepEqual, isObject, type JsonValue } from '../../core/json.ts';
import { durationPair } from './durations.ts';
import { goParseFloat } from './go-format.ts';
import { compareQuantities, parseQuantity } from './quantity.ts';
import { wildcardMatch } from '../wildcard.ts';

/**
 * Kyverno's Equals: the key's type decides. Strings compare as durations when either side
 * is one, then as quantities, then with wildcards in the value ("kube-*"); numbers accept a
 * numeric string value; booleans, objects and arrays need the same type. A null key never
 * equals anything.
 */
export function equals(key: JsonValue, value: JsonValue): boolean {
  if (typeof key === 'boolean') return typeof value === 'boolean' && key === value;
  if (typeof key === 'number') {
    if (typeof value === 'number') return key === value;
    if (typeof value === 'string') {
      const durations = durationPair(key, value);
      if (durations) return durations[0] === durations[1];
      const parsed = goParseFloat(value);
      return parsed !== undefined && parsed === key;
    }
    return false;
  }
  if (typeof key === 'string') {
    const durations = durationPair(key, value);
    if (durations) return durations[0] === durations[1];
    const quantity = parseQuantity(key);
    if (quantity && typeof value === 'string') {
      const other = parseQuantity(value);
      return other !== undefined && compareQuantities(quantity, other) === 0;
    }
    return typeof value === 'string' && wildcardMatch(value, key);
  }
  if (Array.isArray(key)) return Array.isArray(value) && deepEqual(key, value);
  if (isObject(key)) return isObject(value) && deepEqual(key, value);
  return false;
}

/**
 * Kyverno's NotEquals: the negation of Equals for every key type it handles; a null key
 * (a type it does not handle) answers false. A quantity key against a string that is not a
 * quantity is not equal (kyverno/kyverno#16276).
 */
export function notEquals(key: JsonValue, value: JsonValue): boolean {
  if (key === null) return false;
  return !equals(key, value);
}
