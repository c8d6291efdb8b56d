import type { JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { equals, notEquals } from './equals.ts';
import { evaluateLegacyIn, evaluateSet } from './membership.ts';
import { compareDurations, compareNumeric } from './numeric.ts';

export type ConditionOperator = (key: JsonValue, value: JsonValue) => boolean;

/** Every condition operator Kyverno accepts, by its canonical name (matched case-insensitively, as Kyverno does). */
export const CONDITION_OPERATORS: Readonly<Record<string, ConditionOperator>> = {
  Equals: equals,
  Equal: equals,
  NotEquals: notEquals,
  NotEqual: notEquals,
  AnyIn: (k, v) => evaluateSet('AnyIn', k, v),
  AllIn: (k, v) => evaluateSet('AllIn', k, v),
  AnyNotIn: (k, v) => evaluateSet('AnyNotIn', k, v),
  AllNotIn: (k, v) => evaluateSet('AllNotIn', k, v),
  In: (k, v) => evaluateLegacyIn(false, k, v),
  NotIn: (k, v) => evaluateLegacyIn(true, k, v),
  GreaterThan: (k, v) => compareNumeric(k, v, 'GreaterThan'),
  GreaterThanOrEquals: (k, v) => compareNumeric(k, v, 'GreaterThanOrEquals'),
  LessThan: (k, v) => compareNumeric(k, v, 'LessThan'),
  LessThanOrEquals: (k, v) => compareNumeric(k, v, 'LessThanOrEquals'),
  DurationGreaterThan: (k, v) => compareDurations(k, v, 'GreaterThan'),
  DurationGreaterThanOrEquals: (k, v) => compareDurations(k, v, 'GreaterThanOrEquals'),
  DurationLessThan: (k, v) => compareDurations(k, v, 'LessThan'),
  DurationLessThanOrEquals: (k, v) => compareDurations(k, v, 'LessThanOrEquals'),
};

const BY_LOWER_NAME = new Map(Object.entries(CONDITION_OPERATORS).map(([name, fn]) => [name.toLowerCase(), fn]));

/** The operator for a name; an unknown name is an error naming it. */
export function conditionOperator(name: JsonValue | undefined): Outcome<ConditionOperator> {
  if (typeof name !== 'string') return err(`condition operator must be a string, got ${JSON.stringify(name ?? null)}`);
  const fn = BY_LOWER_NAME.get(name.toLowerCase());
  if (!fn) return err(`unknown condition operator "${name}"; expected one of ${Object.keys(CONDITION_OPERATORS).join(', ')}`);
  return ok(fn);
}
