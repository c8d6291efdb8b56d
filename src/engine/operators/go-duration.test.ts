import { describe, expect, it } from 'vitest';
import { durationSeconds, formatGoDuration, parseGoDuration } from './go-duration.ts';

describe('parseGoDuration', () => {
  it.each([
    ['1h', 3_600_000_000_000n], ['1h30m', 5_400_000_000_000n], ['1.5s', 1_500_000_000n], ['300ms', 300_000_000n],
    ['10us', 10_000n], ['10µs', 10_000n], ['5ns', 5n], ['-2m', -120_000_000_000n], ['0', 0n], ['+1s', 1_000_000_000n],
    ['.5s', 500_000_000n], ['1h0m0s', 3_600_000_000_000n],
  ])('%s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it('rejects what Go rejects', () => {
    for (const bad of ['', '1', '10', 'h', '1d', '1 h', '1.5', 'abc', '1Gi', '.s']) expect(parseGoDuration(bad), bad).toBeUndefined();
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0n, '0s'], [1_000_000_000n, '1s'], [90_000_000_000n, '1m30s'], [3_600_000_000_000n, '1h0m0s'], [1_500_000_000n, '1.5s'],
    [1_500_000n, '1.5ms'], [1_500n, '1.5µs'], [42n, '42ns'], [-5_400_000_000_000n, '-1h30m0s'], [100n * 3_600_000_000_000n, '100h0m0s'],
  ])('%s -> %s', (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });

  it('round-trips and converts to seconds', () => {
    const d = parseGoDuration('2h45m10.25s');
    expect(d).toBeDefined();
    if (d === undefined) return;
    expect(formatGoDuration(d)).toBe('2h45m10.25s');
    expect(durationSeconds(d)).toBe(9910.25);
  });
});
