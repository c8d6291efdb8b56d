/**
 * Go's time.Duration as Kyverno uses it: parsed with time.ParseDuration ("1h30m", "1.5s",
 * "300ms", "0") and printed with Duration.String() ("1h30m0s"). Nanoseconds are kept as a
 * bigint so long durations stay exact.
 */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

/** Parse a Go duration string; undefined when it is not one. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/u;
  while (s !== '') {
    const m = part.exec(s);
    if (!m) return undefined;
    const whole = m[1] ?? '';
    const frac = m[2];
    const unitText = m[3] ?? '';
    if (whole === '' && (frac === undefined || frac === '')) return undefined;
    const unit = UNIT_NANOS[unitText];
    if (unit === undefined) return undefined;
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (frac !== undefined && frac !== '') {
      const scale = 10n ** BigInt(frac.length);
      value += (BigInt(frac) * unit) / scale;
    }
    total += value;
    if (total > MAX_INT64) return undefined;
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}

function fraction(value: bigint, digits: number): string {
  // value has `digits` implied decimals; print without trailing zeros.
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const rest = value % scale;
  if (rest === 0n) return whole.toString();
  const fracText = rest.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fracText}`;
}

/** Go's Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${fraction(u, 3)}µs`;
    else out = `${fraction(u, 6)}ms`;
  } else {
    const hours = u / 3_600_000_000_000n;
    u -= hours * 3_600_000_000_000n;
    const minutes = u / 60_000_000_000n;
    u -= minutes * 60_000_000_000n;
    const seconds = `${fraction(u, 9)}s`;
    if (hours > 0n) out = `${hours}h${minutes}m${seconds}`;
    else if (minutes > 0n) out = `${minutes}m${seconds}`;
    else out = seconds;
  }
  return negative ? `-${out}` : out;
}

/** Seconds as a float, as Go's Duration.Seconds(). */
export function durationSeconds(nanos: bigint): number {
  const whole = nanos / 1_000_000_000n;
  const rest = nanos % 1_000_000_000n;
  return Number(whole) + Number(rest) / 1e9;
}
