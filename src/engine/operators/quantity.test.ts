import { describe, expect, it } from 'vitest';
import {
  addQuantities, compareQuantities, divideQuantity, formatQuantity, multiplyQuantities, parseQuantity,
  quantityFromNumber, quantityToNumber, subtractQuantities, type Quantity,
} from './quantity.ts';

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`not a quantity: ${text}`);
  return parsed;
}

describe('parseQuantity', () => {
  it('accepts the Kubernetes suffixes and rejects durations and words', () => {
    for (const ok of ['1', '1.5', '.5', '-2', '+3', '100m', '1Ki', '1.5Gi', '2k', '3M', '1e3', '5E-2', '10n', '2u']) {
      expect(parseQuantity(ok), ok).toBeDefined();
    }
    for (const bad of ['', 'abc', '1h', '10s', '2d', '1.2.3', '1 Gi', 'Gi', '1KiB', '1ki']) {
      expect(parseQuantity(bad), bad).toBeUndefined();
    }
  });

  it('compares across suffixes', () => {
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('1G'), q('1Gi'))).toBe(-1);
    expect(compareQuantities(q('500m'), q('0.5'))).toBe(0);
    expect(compareQuantities(q('2'), q('1500m'))).toBe(1);
    expect(quantityToNumber(q('1.5Ki'))).toBe(1536);
  });

  it('rounds up below a nano', () => {
    expect(formatQuantity(q('0.0000000001'))).toBe('1n');
  });
});

describe('formatQuantity (canonical form)', () => {
  it.each([
    ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['1024Mi', '1Gi'], ['512', '512'], ['1000', '1k'], ['1500', '1500'],
    ['1.5', '1500m'], ['2000m', '2'], ['0.1', '100m'], ['1e3', '1e3'], ['0', '0'], ['100Ki', '100Ki'], ['-1Gi', '-1Gi'],
    ['1000Mi', '1000Mi'], ['0.5Ki', '512'], ['12301', '12301'], ['2048', '2048'],
  ])('%s -> %s', (input, expected) => {
    expect(formatQuantity(q(input))).toBe(expected);
  });
});

describe('quantity arithmetic', () => {
  it('adds and subtracts keeping the first format', () => {
    expect(formatQuantity(addQuantities(q('1Gi'), q('512Mi')))).toBe('1536Mi');
    expect(formatQuantity(addQuantities(q('100m'), q('900m')))).toBe('1');
    expect(formatQuantity(subtractQuantities(q('1Gi'), q('512Mi')))).toBe('512Mi');
    expect(formatQuantity(addQuantities(q('0'), q('1Ki')))).toBe('1Ki');
  });

  it('multiplies and divides by scalars', () => {
    const two = quantityFromNumber(2, 'BinarySI');
    expect(two).toBeDefined();
    if (!two) return;
    expect(formatQuantity(multiplyQuantities(q('512Mi'), two))).toBe('1Gi');
    expect(formatQuantity(divideQuantity(q('1Gi'), q('2'), 0))).toBe('512Mi');
    expect(formatQuantity(divideQuantity(q('1'), q('3'), 3))).toBe('333m');
  });
});
