import type { JsonValue } from '../../../core/json.ts';
import { durationSeconds, formatGoDuration, parseGoDuration } from '../../operators/go-duration.ts';
import {
  addQuantities, divideQuantity, formatQuantity, multiplyQuantities, parseQuantity, quantityFromNumber,
  quantityToNumber, subtractQuantities, type Quantity,
} from '../../operators/quantity.ts';
import { FunctionError, arrayArg, numberArg, type KyvernoFunction } from '../function-types.ts';

/**
 * Kyverno's arithmetic on numbers, quantities ("1Gi") and durations ("1h30m"): a string
 * operand is a quantity when it parses as one, else a duration. Quantity and duration
 * results are strings in canonical form, as Kyverno returns them.
 */
type Operand = { kind: 'scalar'; n: number } | { kind: 'quantity'; q: Quantity } | { kind: 'duration'; d: bigint };

function operand(value: JsonValue | undefined): Operand | undefined {
  if (typeof value === 'number') return { kind: 'scalar', n: value };
  if (typeof value !== 'string') return undefined;
  const q = parseQuantity(value);
  if (q) return { kind: 'quantity', q };
  const d = parseGoDuration(value);
  return d === undefined ? undefined : { kind: 'duration', d };
}

function operands(name: string, args: JsonValue[]): [Operand, Operand] {
  const a = operand(args[0]);
  const b = operand(args[1]);
  if (!a || !b) throw new FunctionError(name, 'invalid operands');
  return [a, b];
}

const mismatch = (name: string): FunctionError => new FunctionError(name, 'types mismatch');
const zeroDivisor = (name: string): FunctionError => new FunctionError(name, 'Zero divisor passed');
const nonInteger = (name: string): FunctionError => new FunctionError(name, 'Non-integer argument(s) passed for modulo');

function durationFromSeconds(seconds: number): string {
  return formatGoDuration(BigInt(Math.trunc(seconds * 1e9)));
}

function add(name: string, a: Operand, b: Operand, sign: 1 | -1): JsonValue {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.n + sign * b.n;
  if (a.kind === 'quantity' && b.kind === 'quantity') {
    return formatQuantity(sign === 1 ? addQuantities(a.q, b.q) : subtractQuantities(a.q, b.q));
  }
  if (a.kind === 'duration' && b.kind === 'duration') return formatGoDuration(sign === 1 ? a.d + b.d : a.d - b.d);
  throw mismatch(name);
}

function multiplyQuantityByScalar(name: string, q: Quantity, n: number): string {
  const factor = quantityFromNumber(n, q.format);
  if (!factor) throw new FunctionError(name, `cannot multiply by ${n}`);
  return formatQuantity(multiplyQuantities(q, factor));
}

function multiply(a: Operand, b: Operand): JsonValue {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.n * b.n;
  if (a.kind === 'quantity' && b.kind === 'scalar') return multiplyQuantityByScalar('multiply', a.q, b.n);
  if (a.kind === 'scalar' && b.kind === 'quantity') return multiplyQuantityByScalar('multiply', b.q, a.n);
  if (a.kind === 'duration' && b.kind === 'scalar') return durationFromSeconds(durationSeconds(a.d) * b.n);
  if (a.kind === 'scalar' && b.kind === 'duration') return durationFromSeconds(durationSeconds(b.d) * a.n);
  throw mismatch('multiply');
}

function divide(a: Operand, b: Operand): JsonValue {
  if (a.kind === 'quantity' && b.kind === 'quantity') {
    const divisor = quantityToNumber(b.q);
    if (divisor === 0) throw zeroDivisor('divide');
    return quantityToNumber(a.q) / divisor;
  }
  if (a.kind === 'quantity' && b.kind === 'scalar') {
    if (b.n === 0) throw zeroDivisor('divide');
    const q = quantityFromNumber(b.n, a.q.format);
    if (!q) throw new FunctionError('divide', `cannot divide by ${b.n}`);
    return formatQuantity(divideQuantity(a.q, q, Math.max(-a.q.scale, -q.scale, 0)));
  }
  if (a.kind === 'duration' && b.kind === 'duration') {
    if (b.d === 0n) throw zeroDivisor('divide');
    return durationSeconds(a.d) / durationSeconds(b.d);
  }
  if (a.kind === 'duration' && b.kind === 'scalar') {
    if (b.n === 0) throw zeroDivisor('divide');
    return durationFromSeconds(durationSeconds(a.d) / b.n);
  }
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (b.n === 0) throw zeroDivisor('divide');
    return a.n / b.n;
  }
  throw mismatch('divide');
}

function modulo(a: Operand, b: Operand): JsonValue {
  if (a.kind === 'quantity' && b.kind === 'quantity') {
    const x = quantityToNumber(a.q);
    const y = quantityToNumber(b.q);
    if (!Number.isInteger(x) || !Number.isInteger(y)) throw nonInteger('modulo');
    if (y === 0) throw zeroDivisor('modulo');
    const rest = parseQuantity(String(x % y));
    return rest ? formatQuantity({ ...rest, format: a.q.format }) : String(x % y);
  }
  if (a.kind === 'duration' && b.kind === 'duration') {
    if (b.d === 0n) throw zeroDivisor('modulo');
    return formatGoDuration(a.d % b.d);
  }
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (!Number.isInteger(a.n) || !Number.isInteger(b.n)) throw nonInteger('modulo');
    if (b.n === 0) throw zeroDivisor('modulo');
    return a.n % b.n;
  }
  throw mismatch('modulo');
}

export const ARITHMETIC_FUNCTIONS: readonly KyvernoFunction[] = [
  { name: 'add', arity: 2, call: (args) => add('add', ...operands('add', args), 1) },
  { name: 'subtract', arity: 2, call: (args) => add('subtract', ...operands('subtract', args), -1) },
  { name: 'multiply', arity: 2, call: (args) => multiply(...operands('multiply', args)) },
  { name: 'divide', arity: 2, call: (args) => divide(...operands('divide', args)) },
  { name: 'modulo', arity: 2, call: (args) => modulo(...operands('modulo', args)) },
  {
    name: 'sum', arity: 1,
    call: (args) => {
      const items = arrayArg('sum', args, 0);
      const [first, ...rest] = items;
      if (first === undefined) throw new FunctionError('sum', 'at least one element in the array is required');
      let total: JsonValue = first;
      for (const item of rest) total = add('sum', ...operands('sum', [total, item]), 1);
      return total;
    },
  },
  {
    name: 'round', arity: 2,
    call: (args) => {
      const value = numberArg('round', args, 0);
      const digits = numberArg('round', args, 1);
      if (!Number.isInteger(digits)) throw new FunctionError('round', 'Non-integer argument(s) passed for round off');
      if (digits < 0) throw new FunctionError('round', 'Argument is out of bounds');
      const shift = 10 ** digits;
      // Go's math.Round rounds half away from zero.
      const scaled = value * shift;
      return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / shift;
    },
  },
];
