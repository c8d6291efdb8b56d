import { describe, expect, it } from 'vitest';
import { failure, value } from '../test-support.ts';

describe('arithmetic functions', () => {
  it.each([
    ['add(`1`, `2`)', 3], ["add('1Gi', '512Mi')", '1536Mi'], ["add('100m', '900m')", '1'], ["add('1h', '30m0s')", '1h30m0s'], ["add('1h', '30m')", null],
    ['subtract(`5`, `7`)', -2], ["subtract('1Gi', '512Mi')", '512Mi'], ["subtract('1h', '90m0s')", '-30m0s'],
    ['multiply(`3`, `4`)', 12], ["multiply('512Mi', `2`)", '1Gi'], ["multiply(`3`, '100m')", '300m'], ["multiply('30m0s', `2`)", '1h0m0s'], ["multiply('30m', `2`)", '60m'],
    ['divide(`10`, `4`)', 2.5], ["divide('1Gi', '1Mi')", 1024], ["divide('1Gi', `2`)", '512Mi'], ["divide('1h', '30m0s')", 2],
    ["divide('1h', `4`)", '15m0s'], ["divide('500m', '250m')", 2],
    ['modulo(`10`, `4`)', 2], ["modulo('10', '4')", '2'], ["modulo('1h', '25m0s')", '10m0s'],
    ['round(`3.14159`, `2`)', 3.14], ['round(`2.5`, `0`)', 3], ['round(`-2.5`, `0`)', -3],
    ['sum(`[1, 2, 3]`)', 6], ["sum(['1Gi', '512Mi', '512Mi'])", '2Gi'], ["sum(['1m', '2m'])", '3m'], ["sum(['1h', '1h'])", '2h0m0s'],
    ['sum(`[7]`)', 7],
    ["add('12Ki', '13')", '12301'], ["subtract('12Ki', '13')", '12275'], ["subtract('12Ki', '13Ki')", '-1Ki'],
    ["multiply(`2.5`, '12Ki')", '30Ki'], ["multiply(`2.5`, '12')", '30'], ["multiply(`2.5`, '40s')", '1m40s'],
    ["divide('12Ki', `3`)", '4Ki'], ["divide('12Ki', '200')", 61.44], ["divide('12s', '5s')", 2.4], ["divide('12s', `3`)", '4s'],
    ["modulo('12Ki', '5Ki')", '2Ki'], ["modulo('13s', '2s')", '1s'],
  ])('%s', (expression, expected) => {
    // null: Kyverno reads "30m" as a quantity (30 milli), so it does not add to a duration.
    if (expected === null) {
      expect(failure(expression)).toContain('types mismatch');
      return;
    }
    expect(value(expression)).toEqual(expected);
  });

  it('sums values taken from the resource', () => {
    const data = { status: { containerStatuses: [{ restartCount: 2 }, { restartCount: 3 }] } };
    expect(value('sum(status.containerStatuses[*].restartCount || `[0]`)', data)).toBe(5);
    expect(value('sum(status.missing[*].restartCount || `[0]`)', data)).toBe(0);
  });

  it('reports what Kyverno rejects', () => {
    expect(failure('divide(`1`, `0`)')).toContain('Zero divisor passed');
    expect(failure("divide('1Gi', '0')")).toContain('Zero divisor passed');
    expect(failure('modulo(`1.5`, `1`)')).toContain('Non-integer');
    expect(failure("add('1Gi', '1h')")).toContain('types mismatch');
    expect(failure("add(`1`, '1Gi')")).toContain('types mismatch');
    expect(failure("add('abc', `1`)")).toContain('invalid operands');
    expect(failure("add('12', '13s')")).toContain('types mismatch');
    expect(failure("multiply('12Ki', '12')")).toContain('types mismatch');
    expect(failure("modulo('4.5', '1')")).toContain('Non-integer');
    expect(failure("divide('4Ki', '0Ki')")).toContain('Zero divisor');
    expect(failure("divide(`14`, '5')")).toContain('types mismatch');
    expect(failure('sum(`[]`)')).toContain('at least one element');
    expect(failure('round(`1.5`, `0.5`)')).toContain('round');
  });
});
