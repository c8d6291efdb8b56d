import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { parseGoDuration as parseDuration } from '../operators/go-duration.ts';
import { operatorOf, rangeBounds, satisfies, type PatternOperator } from './operators.ts';
import { compareQuantities, parseQuantity } from '../operators/quantity.ts';
import { compareBigInt } from './compare.ts';
import { wildcardMatch } from '../wildcard.ts';

/**
 * Kyverno's scalar matching (pkg/engine/pattern): does a resource value satisfy a scalar pattern?
 * An absent value (undefined) behaves as null, as a missing key does in Kyverno.
 */
export function matchScalar(value: JsonValue | undefined, pattern: JsonValue): boolean {
  if (typeof pattern === 'boolean') return value === pattern;
  if (typeof pattern === 'number') return matchNumber(value, pattern);
  if (pattern === null) return matchNull(value);
  if (typeof pattern === 'string') return matchStringPattern(value, pattern);
  if (isArray(pattern)) return false;
  return isObject(value);
}

const GO_FLOAT = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity)$/i;

/** Go's strconv.ParseFloat for the decimal forms found in manifests; undefined when not a number. */
export function parseGoFloat(text: string): number | undefined {
  if (!GO_FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

function matchNumber(value: JsonValue | undefined, pattern: number): boolean {
  if (typeof value === 'number') return value === pattern;
  if (typeof value === 'string') return parseGoFloat(value) === pattern;
  return false;
}

function matchNull(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === 0 || value === '' || value === false;
}

function matchStringPattern(value: JsonValue | undefined, pattern: string): boolean {
  if (value === pattern) return true;
  return pattern.split('|').some((alternative) =>
    trimSpaces(alternative)
      .split('&')
      .every((condition) => matchCondition(value, trimSpaces(condition))),
  );
}

/** Go's strings.Trim(s, " "): only the space character. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

function matchCondition(value: JsonValue | undefined, condition: string): boolean {
  const op = operatorOf(condition);
  if (op === 'range' || op === 'not-range') {
    const bounds = rangeBounds(condition, op === 'not-range');
    if (bounds === undefined) return false;
    const [low, high] = bounds;
    return op === 'range'
      ? matchCondition(value, `>= ${low}`) && matchCondition(value, `<= ${high}`)
      : matchCondition(value, `< ${low}`) || matchCondition(value, `> ${high}`);
  }
  return compareOperand(value, condition.slice(op.length).trim(), op);
}

/** Durations first, then quantities, then a wildcard string comparison, as Kyverno does. */
function compareOperand(value: JsonValue | undefined, operand: string, op: PatternOperator): boolean {
  const text = numberText(value);
  if (text !== undefined) {
    const patternDuration = parseDuration(operand);
    const valueDuration = patternDuration === undefined ? undefined : parseDuration(text);
    if (patternDuration !== undefined && valueDuration !== undefined) {
      return satisfies(op, compareBigInt(valueDuration, patternDuration));
    }
    const patternQuantity = parseQuantity(operand);
    const valueQuantity = patternQuantity === undefined ? undefined : parseQuantity(text);
    if (patternQuantity !== undefined && valueQuantity !== undefined) {
      return satisfies(op, compareQuantities(valueQuantity, patternQuantity));
    }
  }
  if (op !== '' && op !== '!') return false;
  const str = stringText(value);
  if (str === undefined) return false;
  const matched = wildcardMatch(operand, str);
  return op === '!' ? !matched : matched;
}

/** Kyverno's convertNumberToString: the text a value is parsed from as a duration or quantity. */
function numberText(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? integerText(value) : value.toFixed(6);
  return undefined;
}

/** The text a value is wildcard-matched as (Go formats non-integral floats as `1.5E+00`). */
function stringText(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? integerText(value) : goExponent(value);
  return undefined;
}

function integerText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

function goExponent(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa.toUpperCase()}E${sign}${digits}`;
}
