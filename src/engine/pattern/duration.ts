/**
 * Go durations (`1h30m`, `300ms`, `-1.5h`, `0`), parsed the way Go's time.ParseDuration does,
 * as a count of nanoseconds; undefined when the text is not a duration (a unit is required
 * except for a bare `0`).
 */

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const LIMIT = 2n ** 63n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

export function parseDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  let pos = 0;
  while (pos < rest.length) {
    const c = rest[pos];
    if (!(c === '.' || isDigit(c))) return undefined;
    let start = pos;
    while (isDigit(rest[pos])) pos++;
    const whole = rest.slice(start, pos);
    let fraction = '';
    if (rest[pos] === '.') {
      pos++;
      start = pos;
      while (isDigit(rest[pos])) pos++;
      fraction = rest.slice(start, pos);
    }
    if (whole === '' && fraction === '') return undefined;
    start = pos;
    while (pos < rest.length && !(rest[pos] === '.' || isDigit(rest[pos]))) pos++;
    const unit = UNITS[rest.slice(start, pos)];
    if (unit === undefined) return undefined;
    let value = BigInt(whole || '0') * unit;
    if (fraction !== '') {
      // Go keeps the fraction as a float multiplied by the unit, truncated to whole nanoseconds.
      const digits = fraction.slice(0, 18);
      value += BigInt(Math.floor(Number(digits) * (Number(unit) / 10 ** digits.length)));
    }
    total += value;
    if (total > LIMIT) return undefined;
  }
  if (negative) return -total;
  return total > LIMIT - 1n ? undefined : total;
}
