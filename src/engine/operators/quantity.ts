/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity) as Kyverno uses
 * them: parse ("1.5Gi", "500m", "1e3"), compare, do arithmetic and print in canonical form
 * ("1536Mi", "1500m", "1k"). The amount is exact: value × 10^scale.
 */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  value: bigint;
  scale: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([k, v]) => [v, k]));
const BINARY_BY_EXPONENT = new Map([[0, ''], ...Object.entries(BINARY_SUFFIX).map(([k, v]): [number, string] => [v, k])]);

const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([a-zA-Z]*|[eE][+-]?\d+)$/;

/** Parse a quantity string; undefined when it is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m || text.trim() !== text) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const digits = m[2] ?? '';
  const suffix = m[3] ?? '';
  const [whole = '', frac = ''] = digits.split('.');
  let value = BigInt((whole + frac) || '0') * sign;
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIX) {
    value *= 1n << BigInt(BINARY_SUFFIX[suffix] ?? 0);
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIX) {
    scale += DECIMAL_SUFFIX[suffix] ?? 0;
    format = 'DecimalSI';
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    scale += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    return undefined;
  }
  return roundToNano({ value, scale, format });
}

function roundToNano(q: Quantity): Quantity {
  if (q.scale >= -9) return q;
  const divisor = 10n ** BigInt(-9 - q.scale);
  let value = q.value / divisor;
  if (q.value % divisor !== 0n) value += q.value > 0n ? 1n : -1n;
  return { value, scale: -9, format: q.format };
}

/** value aligned to the smaller of two scales. */
function aligned(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [a.value * 10n ** BigInt(a.scale - scale), b.value * 10n ** BigInt(b.scale - scale), scale];
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = aligned(a, b);
  return { value: x + y, scale, format: a.value === 0n ? b.format : a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = aligned(a, b);
  return { value: x - y, scale, format: a.value === 0n ? b.format : a.format };
}

export function quantityToNumber(q: Quantity): number {
  return Number(q.value) * 10 ** q.scale;
}

/** A float as Go's %v prints it, parsed back as a quantity (Kyverno's scalar → quantity). */
export function quantityFromNumber(n: number, format: QuantityFormat): Quantity | undefined {
  const parsed = parseQuantity(goFloatText(n));
  return parsed === undefined ? undefined : { ...parsed, format };
}

/** A float as text a quantity parser accepts, close to Go's %v: 2 -> "2", 0.5 -> "0.5", 1e21 -> "1e+21". */
export function goFloatText(n: number): string {
  const text = String(n);
  const m = /^(.*)e([+-])(\d+)$/.exec(text);
  if (!m) return text;
  return `${m[1] ?? ''}e${m[2] ?? '+'}${(m[3] ?? '').padStart(2, '0')}`;
}

export function multiplyQuantities(a: Quantity, b: Quantity): Quantity {
  return roundToNano({ value: a.value * b.value, scale: a.scale + b.scale, format: a.format });
}

/** Divide rounding toward zero at `digits` decimals (Kyverno's QuoRound(..., RoundDown)). */
export function divideQuantity(a: Quantity, b: Quantity, digits: number): Quantity {
  // a/b = (av * 10^as) / (bv * 10^bs); want result value r with scale -digits.
  const exponent = a.scale - b.scale + digits;
  let numerator = a.value;
  let denominator = b.value;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return { value: numerator / denominator, scale: -digits, format: a.format };
}

function stripFactor(value: bigint, factor: bigint): [bigint, number] {
  let v = value;
  let times = 0;
  while (v !== 0n && v % factor === 0n) {
    v /= factor;
    times++;
  }
  return [v, times];
}

/** Canonical text, as Quantity.String() prints it. */
export function formatQuantity(q: Quantity): string {
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const [x, y] = aligned(q, { value: 1024n, scale: 0, format });
    const [nx, ny] = aligned(q, { value: -1024n, scale: 0, format });
    const small = x < y && nx > ny;
    const integral = q.scale >= 0 || q.value % 10n ** BigInt(-q.scale) === 0n;
    if (small || !integral) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    const whole = q.scale >= 0 ? q.value * 10n ** BigInt(q.scale) : q.value / 10n ** BigInt(-q.scale);
    const [amount, times] = stripFactor(whole, 1024n);
    const suffix = BINARY_BY_EXPONENT.get(times * 10);
    if (suffix !== undefined) return `${amount}${suffix}`;
    return `${amount * 1024n ** BigInt(times - 6)}Ei`;
  }
  let [amount, times] = stripFactor(q.value, 10n);
  let exponent = q.scale + times;
  const mod = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(mod);
  exponent -= mod;
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DECIMAL_BY_EXPONENT.get(exponent);
  return suffix !== undefined ? `${amount}${suffix}` : `${amount}e${exponent}`;
}
