import type { JsonValue } from '../../core/json.ts';

/** Go's fmt.Sprint of a float64: shortest digits, exponent form below 1e-4 and from 1e21 … as %v does (1e+06 from 1e6). */
export function goFloatString(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Number(n.toExponential().split('e')[1] ?? '0');
  // %v is %g with the shortest digits, which switches to exponent form when exp < -4 || exp >= 6.
  if (exp < -4 || exp >= 6) return expForm(n);
  return String(n);
}

function expForm(n: number): string {
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}

/** Go's fmt.Sprint of a decoded JSON value. */
export function goSprint(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'number') return goFloatString(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  const keys = Object.keys(value).sort();
  return `map[${keys.map((k) => `${k}:${goSprint(value[k] ?? null)}`).join(' ')}]`;
}

/** Go's strconv.ParseFloat acceptance (decimal, exponent, inf, nan); undefined when not a float. */
export function goParseFloat(text: string): number | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return undefined;
}

/** Go's strconv.ParseInt(text, 10, 64) acceptance. */
export function goParseInt(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
