import { Optional, type Environment } from '@marcbachmann/cel-js';
import { compileGoRegexp } from '../../jmespath/go-regexp.ts';
import { compareQuantities, formatQuantity, parseQuantity, quantityToNumber, addQuantities, subtractQuantities, type Quantity } from '../../operators/quantity.ts';

/**
 * The parts of Kubernetes' CEL environment (k8s.io/apiserver/pkg/cel/library and cel-go's
 * ext libraries at the versions Kubernetes pins) that the CEL library does not provide:
 * strings (replace, charAt, reverse), lists (indexOf, slice, sum, min, max, isSorted,
 * flatten, distinct, sort, reverse), regex (find, findAll), RE2 `matches`, quantity and url.
 */

function fail(message: string): never {
  throw new Error(message);
}

/** A Kubernetes resource.Quantity as a CEL value. */
export class CelQuantity {
  constructor(readonly quantity: Quantity) {}
  toJSON(): string {
    return formatQuantity(this.quantity);
  }
}

/** The `regex` namespace of cel-go's ext.Regex (replace, extract, extractAll). */
export class RegexLibrary {}

/** cel-go's regex.replace: `\\1`…`\\9` are capture groups, `\\\\` a backslash. */
function regexReplace(target: string, pattern: string, replacement: string, count: bigint): string {
  const re = compileGoRegexp(pattern, true);
  let n = 0n;
  return target.replace(re, (...args: unknown[]) => {
    if (count >= 0n && n >= count) return String(args[0]);
    n++;
    return replacement.replace(/\\(\d|\\)/g, (_m, g: string) => (g === '\\' ? '\\' : String(args[Number(g)] ?? '')));
  });
}

function regexExtract(target: string, pattern: string): unknown {
  const m = compileGoRegexp(pattern).exec(target);
  if (!m) return Optional.none();
  return Optional.of(m.length > 1 ? (m[1] ?? '') : m[0]);
}

/** A parsed URL (Kubernetes url library). */
export class CelUrl {
  constructor(readonly url: URL, readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

function quantity(text: string): CelQuantity {
  const parsed = parseQuantity(text);
  return parsed ? new CelQuantity(parsed) : fail(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${text}`);
}

function quantityOf(value: unknown): Quantity {
  if (value instanceof CelQuantity) return value.quantity;
  if (typeof value === 'bigint') return { value, scale: 0, format: 'DecimalSI' };
  return fail('expected a quantity or an int');
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return fail('list elements are not comparable');
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return Number(a) === Number(b);
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) === JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

function parseUrl(text: string): CelUrl {
  try {
    return new CelUrl(new URL(text), text);
  } catch {
    return fail(`URL parse error during conversion from string: ${text}`);
  }
}

/** Go's strings.Replace with a limit (-1: all). */
function replace(s: string, from: string, to: string, limit: bigint): string {
  if (limit < 0n) return s.split(from).join(to);
  let out = s;
  let start = 0;
  for (let n = 0n; n < limit; n++) {
    const at = out.indexOf(from, start);
    if (at === -1) break;
    out = out.slice(0, at) + to + out.slice(at + from.length);
    start = at + to.length + (from === '' ? 1 : 0);
  }
  return out;
}

export function registerKubernetesLibrary(env: Environment): void {
  // strings (cel-go ext.Strings v2)
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b, -1n));
  env.registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => replace(s, a, b, n));
  env.registerFunction('string.charAt(int): string', (s: string, i: bigint) => (i < 0n || i > BigInt(s.length) ? fail('index out of range') : s.charAt(Number(i))));
  env.registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''));
  // regex (Kubernetes library.Regex), RE2 syntax
  env.registerFunction('string.find(string): string', (s: string, re: string) => compileGoRegexp(re).exec(s)?.[0] ?? '');
  env.registerFunction('string.findAll(string): list<string>', (s: string, re: string) => [...s.matchAll(compileGoRegexp(re, true))].map((m) => m[0]));
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => {
    const all = [...s.matchAll(compileGoRegexp(re, true))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });
  env.registerType('ext.Regex', RegexLibrary).registerVariable('regex', 'ext.Regex');
  env.registerFunction('ext.Regex.replace(string, string, string): string', (_r: RegexLibrary, t: string, p: string, rep: string) => regexReplace(t, p, rep, -1n));
  env.registerFunction('ext.Regex.replace(string, string, string, int): string', (_r: RegexLibrary, t: string, p: string, rep: string, n: bigint) => regexReplace(t, p, rep, n));
  env.registerFunction('ext.Regex.extract(string, string): optional<string>', (_r: RegexLibrary, t: string, p: string) => regexExtract(t, p));
  env.registerFunction('ext.Regex.extractAll(string, string): list<string>', (_r: RegexLibrary, t: string, p: string) =>
    [...t.matchAll(compileGoRegexp(p, true))].map((m) => (m.length > 1 ? (m[1] ?? '') : m[0])),
  );
  // lists (Kubernetes library.Lists and cel-go ext.Lists v3)
  env.registerFunction('list.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((v) => sameValue(v, x))));
  env.registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findLastIndex((v) => sameValue(v, x))));
  env.registerFunction('list.isSorted(): bool', (l: unknown[]) => l.every((v, i) => i === 0 || compareValues(l[i - 1], v) <= 0));
  env.registerFunction('list.sum(): dyn', (l: unknown[]) => l.reduce<unknown>((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b)), 0n));
  env.registerFunction('list.min(): dyn', (l: unknown[]) => (l.length === 0 ? fail('min called on empty list') : l.reduce((a, b) => (compareValues(b, a) < 0 ? b : a))));
  env.registerFunction('list.max(): dyn', (l: unknown[]) => (l.length === 0 ? fail('max called on empty list') : l.reduce((a, b) => (compareValues(b, a) > 0 ? b : a))));
  env.registerFunction('list.slice(int, int): list', (l: unknown[], a: bigint, b: bigint) =>
    a < 0n || b < a || b > BigInt(l.length) ? fail(`cannot slice(${a}, ${b}) a list of size ${l.length}`) : l.slice(Number(a), Number(b)),
  );
  env.registerFunction('list.flatten(): list', (l: unknown[]) => l.flatMap((v) => (Array.isArray(v) ? v : [v])));
  env.registerFunction('list.distinct(): list', (l: unknown[]) => l.filter((v, i) => l.findIndex((w) => sameValue(v, w)) === i));
  env.registerFunction('list.sort(): list', (l: unknown[]) => [...l].sort(compareValues));
  env.registerFunction('list.reverse(): list', (l: unknown[]) => [...l].reverse());
  // quantity (Kubernetes library.Quantity)
  env.registerType('kubernetes.Quantity', CelQuantity);
  env.registerFunction('quantity(string): kubernetes.Quantity', quantity);
  env.registerFunction('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined);
  env.registerFunction('kubernetes.Quantity.isInteger(): bool', (q: CelQuantity) => q.quantity.scale >= 0 || q.quantity.value % 10n ** BigInt(-q.quantity.scale) === 0n);
  env.registerFunction('kubernetes.Quantity.asInteger(): int', (q: CelQuantity) => BigInt(Math.trunc(quantityToNumber(q.quantity))));
  env.registerFunction('kubernetes.Quantity.asApproximateFloat(): double', (q: CelQuantity) => quantityToNumber(q.quantity));
  env.registerFunction('kubernetes.Quantity.sign(): int', (q: CelQuantity) => BigInt(Math.sign(Number(q.quantity.value))));
  env.registerFunction('kubernetes.Quantity.compareTo(kubernetes.Quantity): int', (a: CelQuantity, b: CelQuantity) => BigInt(compareQuantities(a.quantity, b.quantity)));
  env.registerFunction('kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool', (a: CelQuantity, b: CelQuantity) => compareQuantities(a.quantity, b.quantity) > 0);
  env.registerFunction('kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool', (a: CelQuantity, b: CelQuantity) => compareQuantities(a.quantity, b.quantity) < 0);
  env.registerFunction('kubernetes.Quantity.add(dyn): kubernetes.Quantity', (a: CelQuantity, b: unknown) => new CelQuantity(addQuantities(a.quantity, quantityOf(b))));
  env.registerFunction('kubernetes.Quantity.sub(dyn): kubernetes.Quantity', (a: CelQuantity, b: unknown) => new CelQuantity(subtractQuantities(a.quantity, quantityOf(b))));
  // url (Kubernetes library.URLs)
  env.registerType('kubernetes.URL', CelUrl);
  env.registerFunction('url(string): kubernetes.URL', parseUrl);
  env.registerFunction('isURL(string): bool', (s: string) => URL.canParse(s));
  env.registerFunction('kubernetes.URL.getScheme(): string', (u: CelUrl) => u.url.protocol.replace(/:$/, ''));
  env.registerFunction('kubernetes.URL.getHost(): string', (u: CelUrl) => u.url.host);
  env.registerFunction('kubernetes.URL.getHostname(): string', (u: CelUrl) => u.url.hostname.replace(/^\[|\]$/g, ''));
  env.registerFunction('kubernetes.URL.getPort(): string', (u: CelUrl) => u.url.port);
  env.registerFunction('kubernetes.URL.getEscapedPath(): string', (u: CelUrl) => u.url.pathname);
  env.registerFunction('kubernetes.URL.getQuery(): map', (u: CelUrl) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of u.url.searchParams) (out[k] ??= []).push(v);
    return out;
  });
}
