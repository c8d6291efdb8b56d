/**
 * Kubernetes resource quantities (`100Mi`, `0.5`, `500m`, `1e3`), parsed the way
 * k8s.io/apimachinery's ParseQuantity does, as an exact count of nano-units (values finer than
 * 1n are rounded away from zero, as Kubernetes does), so two quantities compare exactly.
 */

const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const SUFFIX_CHARS = 'eEinumkKMGTP';
/** Exponents beyond this are not worth the arithmetic: treat the text as not a quantity. */
const MAX_EXPONENT = 4096;
/** BinarySI quantities are capped at the largest int64, in nano-units. */
const MAX_BINARY_NANO = (2n ** 63n - 1n) * 10n ** 9n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface QuantityParts {
  negative: boolean;
  num: string;
  denom: string;
  suffix: string;
}

function splitQuantity(text: string): QuantityParts | undefined {
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos++;
  }
  while (text[pos] === '0') pos++;
  if (pos >= text.length) return { negative, num: '0', denom: '', suffix: '' };
  let start = pos;
  while (isDigit(text[pos])) pos++;
  const num = text.slice(start, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    pos++;
    start = pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos] ?? '')) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) return undefined;
  return { negative, num, denom, suffix: text.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary };
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)) };
  }
  return undefined;
}

/** Parse a quantity into nano-units, or undefined when the text is not a quantity. */
export function parseQuantity(text: string): bigint | undefined {
  if (text.length === 0) return undefined;
  if (text === '0') return 0n;
  const parts = splitQuantity(text);
  if (parts === undefined) return undefined;
  const unit = interpretSuffix(parts.suffix);
  if (unit === undefined || Math.abs(unit.exponent) > MAX_EXPONENT) return undefined;
  const mantissa = BigInt(parts.num + parts.denom);
  let nano: bigint;
  if (unit.base === 2) {
    const scaled = mantissa * 2n ** BigInt(unit.exponent) * 10n ** 9n;
    const divisor = 10n ** BigInt(parts.denom.length);
    nano = (scaled + divisor - 1n) / divisor;
    if (nano > MAX_BINARY_NANO) nano = MAX_BINARY_NANO;
  } else {
    const shift = unit.exponent - parts.denom.length + 9;
    if (shift >= 0) nano = mantissa * 10n ** BigInt(shift);
    else {
      const divisor = 10n ** BigInt(-shift);
      nano = (mantissa + divisor - 1n) / divisor;
    }
  }
  return parts.negative ? -nano : nano;
}

/** -1, 0 or 1 as a compares to b. */
export function compareBigInt(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}
