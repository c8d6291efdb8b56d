import type { JsonValue } from '../../core/json.ts';

/** Collaborators the impure functions need (time_now, random); pass fakes in tests. */
export interface JmespathEnvironment {
  now: () => Date;
  /** A uniform number in [0, 1). */
  random: () => number;
}

/** One Kyverno custom JMESPath function. Arguments arrive evaluated; a failure throws FunctionError. */
export interface KyvernoFunction {
  name: string;
  /** Number of arguments (Kyverno's functions have fixed arity). */
  arity: number;
  call: (args: JsonValue[], env: JmespathEnvironment) => JsonValue;
}

/** A function failure; caught by the evaluator and turned into an Outcome error. */
export class FunctionError extends Error {
  constructor(functionName: string, message: string) {
    super(`JMESPath function '${functionName}': ${message}`);
    this.name = 'FunctionError';
  }
}

const TYPE_NAMES: Record<string, string> = { string: 'String', number: 'Number', object: 'Object', array: 'Array', boolean: 'Boolean' };

export function jsonType(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeError(name: string, index: number, expected: string): FunctionError {
  return new FunctionError(name, `${index + 1} argument is expected of ${TYPE_NAMES[expected] ?? expected} type`);
}

export function stringArg(name: string, args: JsonValue[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string') throw typeError(name, index, 'string');
  return value;
}

export function numberArg(name: string, args: JsonValue[], index: number): number {
  const value = args[index];
  if (typeof value !== 'number') throw typeError(name, index, 'number');
  return value;
}

export function arrayArg(name: string, args: JsonValue[], index: number): JsonValue[] {
  const value = args[index];
  if (!Array.isArray(value)) throw typeError(name, index, 'array');
  return value;
}

/**
 * Kyverno's ifaceToString: strings as they are, booleans as true/false, numbers as Go prints
 * a float32 with FormatFloat(f, 'f', -1, 32) (so 123456789 becomes "123456790").
 */
export function scalarToString(name: string, args: JsonValue[], index: number): string {
  const value = args[index];
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return float32Text(value);
  throw new FunctionError(name, `${index + 1} argument is expected of String or Real type`);
}

export function float32Text(n: number): string {
  const f = Math.fround(n);
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  for (let precision = 1; precision <= 9; precision++) {
    const text = f.toPrecision(precision);
    if (Math.fround(Number(text)) === f) return plainDecimal(Number(text));
  }
  return plainDecimal(f);
}

/** A number without exponent notation. */
function plainDecimal(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  const [mantissa = '', exp = '0'] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', frac = ''] = mantissa.replace('-', '').split('.');
  const e = Number(exp);
  const digits = whole + frac;
  const point = whole.length + e;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (negative ? '-' : '') + out;
}
