import { describe, expect, it } from 'vitest';
import { failure, value } from '../test-support.ts';

describe('time functions', () => {
  it('reads the injected clock', () => {
    expect(value('time_now_utc()')).toBe('2024-03-10T12:34:56Z');
    expect(typeof value('time_now()')).toBe('string');
  });

  it.each([
    ["time_add('2024-01-01T00:00:00Z', '4h')", '2024-01-01T04:00:00Z'],
    ["time_add('2024-01-01T23:30:00+02:00', '1h')", '2024-01-02T00:30:00+02:00'],
    ["time_to_cron('2024-03-10T12:34:56Z')", '34 12 10 3 0'],
    ["time_add('{{ time_now_utc() }}', '4h')", null],
    ["time_utc('2024-01-01T02:00:00+02:00')", '2024-01-01T00:00:00Z'],
    ["time_diff('2024-01-01T00:00:00Z', '2024-01-01T01:30:00Z')", '1h30m0s'],
    ["time_before('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')", true],
    ["time_after('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')", false],
    ["time_between('2024-01-01T12:00:00Z', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')", true],
    ["time_between('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')", false],
    ["time_truncate('2024-01-01T12:34:56Z', '1h')", '2024-01-01T12:00:00Z'],
    ["time_parse('2006-01-02', '2024-02-29')", '2024-02-29T00:00:00Z'],
    ["time_parse('Mon Jan _2 15:04:05 MST 2006', 'Sun Mar 10 12:34:56 UTC 2024')", '2024-03-10T12:34:56Z'],
    ["time_parse('1702691171', '1702691171')", '2023-12-16T01:46:11Z'],
    ["time_parse('02 Jan 06 15:04 -0700', '10 Mar 24 08:00 +0100')", '2024-03-10T08:00:00+01:00'],
    ["time_since('', '2024-01-01T00:00:00Z', '2024-01-01T00:01:30Z')", '1m30s'],
    ["time_since('', '2024-03-10T12:00:00Z', '')", '34m56s'],
    ["time_since('2006-01-02', '2024-03-09', '2024-03-10')", '24h0m0s'],
    ["time_since('', '2021-01-02T15:04:05-07:00', '2021-01-10T03:14:05-07:00')", '180h10m0s'],
    ["time_since('Mon Jan _2 15:04:05 MST 2006', 'Mon Jan 02 15:04:05 MST 2021', 'Mon Jan 10 03:14:16 MST 2021')", '180h10m11s'],
    ["time_to_cron(time_utc('2023-02-02T15:04:05-07:00'))", '4 22 2 2 4'],
    ["time_add('2021-01-02T15:04:05-07:00', '3h')", '2021-01-02T18:04:05-07:00'],
    ["time_add(time_parse('Mon Jan 02 15:04:05 MST 2006', 'Sat Jan 02 15:04:05 MST 2021'), '5h30m40s')", '2021-01-02T20:34:45Z'],
    ["time_parse('2006-01-02T15:04:05Z07:00', '2021-01-02T15:04:05-07:00')", '2021-01-02T15:04:05-07:00'],
    ["time_parse('2006-01-02T15:04:05.000Z', '2021-01-02T15:04:05.123Z')", '2021-01-02T15:04:05Z'],
    ["time_parse('3:04PM', '11:30PM')", '0000-01-01T23:30:00Z'],
  ])('%s', (expression, expected) => {
    if (expected === null) {
      expect(failure(expression)).toContain('time_add');
      return;
    }
    expect(value(expression)).toEqual(expected);
  });

  it('composes as the corpus does', () => {
    expect(value("time_add(time_now_utc(), '4h') | time_to_cron(@)")).toBe('34 16 10 3 0');
    expect(value("time_now_utc().time_to_cron(@).split(@, ' ') | [1].to_number(@)")).toBe(12);
  });

  it('rejects bad times and durations', () => {
    expect(failure("time_add('yesterday', '1h')")).toContain('time_add');
    expect(failure("time_add('2024-01-01T00:00:00Z', '1d')")).toContain('invalid duration');
    expect(failure("time_parse('2006-01-02', '2024-02-30')")).toContain('out of range');
  });
});
