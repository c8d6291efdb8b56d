import { describe, expect, it } from 'vitest';
import { parseQuantity as parse } from './quantity.ts';

/** A quantity in nano-units, finer amounts rounded away from zero as Kubernetes does. */
function parseQuantity(text: string): bigint | undefined {
  const q = parse(text);
  if (!q) return undefined;
  const shift = q.scale + 9;
  if (shift >= 0) return q.value * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const magnitude = (q.value < 0n ? -q.value : q.value);
  const rounded = (magnitude + divisor - 1n) / divisor;
  return q.value < 0n ? -rounded : rounded;
}

describe('parseQuantity', () => {
  it.each([
    ['0', 0n],
    ['1', 1_000_000_000n],
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    ['.5', 500_000_000n],
    ['1.', 1_000_000_000n],
    ['1k', 1_000_000_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1.5Gi', 1_610_612_736n * 1_000_000_000n],
    ['128Mi', 134_217_728n * 1_000_000_000n],
    ['1e3', 1_000_000_000_000n],
    ['1E-3', 1_000_000n],
    ['-2', -2_000_000_000n],
    ['+2', 2_000_000_000n],
    ['1n', 1n],
    ['1u', 1_000n],
    ['0.1n', 1n], // finer than a nano-unit: rounded up, as Kubernetes does
    ['-0.1n', -1n],
  ])('%s is %s nano-units', (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
  });

  it('compares binary and decimal forms exactly', () => {
    expect(parseQuantity('1Gi')).toBe(parseQuantity('1024Mi'));
    expect(parseQuantity('1024')).toBe(parseQuantity('1Ki'));
    expect(parseQuantity('1G')! < parseQuantity('1Gi')!).toBe(true);
  });

  it.each(['', 'abc', '1.2.3', 'nginx:1.2', '1 Gi', '1Gb', '*', '1x', 'e', '1i', '10%'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
