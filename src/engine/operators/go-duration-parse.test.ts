import { describe, expect, it } from 'vitest';
import { parseGoDuration as parseDuration } from './go-duration.ts';

const S = 1_000_000_000n;

describe('parseDuration', () => {
  it.each([
    ['0', 0n],
    ['1s', S],
    ['1h30m', 5400n * S],
    ['1.5h', 5400n * S],
    ['300ms', 300_000_000n],
    ['2us', 2000n],
    ['2µs', 2000n],
    ['10ns', 10n],
    ['-1m', -60n * S],
    ['+1m', 60n * S],
    ['.5s', S / 2n],
    ['1h1m1s', 3661n * S],
  ])('%s is %s ns', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each(['', '1', '10', 'h', '1d', '1.s.', '.s', '1hh', 'abc', '-', '1 h', '9999999999h'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
