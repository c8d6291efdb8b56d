import type { JsonValue } from '../../core/json.ts';
import { compareVersions, parseVersion } from '../jmespath/functions/semver.ts';
import { durationPair, toDurationSeconds } from './durations.ts';
import { goParseFloat, goParseInt } from './go-format.ts';
import { compareQuantities, parseQuantity } from './quantity.ts';

export type Comparison = 'GreaterThan' | 'GreaterThanOrEquals' | 'LessThan' | 'LessThanOrEquals';

function holds(order: number, comparison: Comparison): boolean {
  switch (comparison) {
    case 'GreaterThan': return order > 0;
    case 'GreaterThanOrEquals': return order >= 0;
    case 'LessThan': return order < 0;
    case 'LessThanOrEquals': return order <= 0;
  }
}

const order = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN);

function numberAgainst(key: number, value: JsonValue, comparison: Comparison): boolean {
  if (typeof value === 'number') return holds(order(key, value), comparison);
  if (typeof value !== 'string') return false;
  const durations = durationPair(key, value);
  if (durations) return holds(order(durations[0], durations[1]), comparison);
  const parsed = goParseFloat(value) ?? goParseInt(value);
  return parsed !== undefined && holds(order(key, parsed), comparison);
}

/**
 * Kyverno's GreaterThan/…/LessThanOrEquals: numbers; strings as durations (either side),
 * then quantities (both sides strings: "1Gi" > "512Mi"), then numbers, then semantic
 * versions. Anything else is false.
 */
export function compareNumeric(key: JsonValue, value: JsonValue, comparison: Comparison): boolean {
  if (typeof key === 'number') return numberAgainst(key, value, comparison);
  if (typeof key !== 'string') return false;
  const durations = durationPair(key, value);
  if (durations) return holds(order(durations[0], durations[1]), comparison);
  const keyQuantity = parseQuantity(key);
  if (keyQuantity && typeof value === 'string') {
    const valueQuantity = parseQuantity(value);
    if (valueQuantity) return holds(compareQuantities(keyQuantity, valueQuantity), comparison);
  }
  const asNumber = goParseFloat(key) ?? goParseInt(key);
  if (asNumber !== undefined) return numberAgainst(asNumber, value, comparison);
  const version = parseVersion(key);
  if (version && typeof value === 'string') {
    const other = parseVersion(value);
    return other !== undefined && holds(compareVersions(version, other), comparison);
  }
  return false;
}

/** The deprecated Duration* operators: both sides durations (or seconds). */
export function compareDurations(key: JsonValue, value: JsonValue, comparison: Comparison): boolean {
  const k = toDurationSeconds(key);
  const v = toDurationSeconds(value);
  return k !== undefined && v !== undefined && holds(order(k, v), comparison);
}
