import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';

/**
 * semver_compare(version, range) with blang/semver ranges: comparators `=`, `==`, `!=`,
 * `!`, `>`, `>=`, `<`, `<=` (none means `=`), joined by spaces (and) and `||` (or);
 * `x` wildcards ("1.2.x"). An unparseable version counts as 0.0.0, as in Kyverno.
 */
export interface Version {
  parts: [number, number, number];
  pre: string[];
}

export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return comparePre(a.pre, b.pre);
}

type Test = (v: Version) => boolean;

function comparator(text: string): Test | undefined {
  const m = /^(>=|<=|!=|==|=|!|>|<)?(.+)$/.exec(text);
  if (!m) return undefined;
  const op = m[1] ?? '=';
  const body = m[2] ?? '';
  const wild = /^(\d+)(?:\.(\d+|x|X|\*))?(?:\.(x|X|\*))?$/.exec(body);
  if (wild && (body.includes('x') || body.includes('X') || body.includes('*') || body.split('.').length < 3)) {
    const major = Number(wild[1]);
    const minor = wild[2] !== undefined && /^\d+$/.test(wild[2]) ? Number(wild[2]) : undefined;
    const lower: Version = { parts: [major, minor ?? 0, 0], pre: [] };
    const upper: Version = minor === undefined ? { parts: [major + 1, 0, 0], pre: [] } : { parts: [major, minor + 1, 0], pre: [] };
    const inside = (v: Version): boolean => compareVersions(v, lower) >= 0 && compareVersions(v, upper) < 0;
    if (op === '=' || op === '==') return inside;
    if (op === '!=' || op === '!') return (v) => !inside(v);
    if (op === '>') return (v) => compareVersions(v, upper) >= 0;
    if (op === '>=') return (v) => compareVersions(v, lower) >= 0;
    if (op === '<') return (v) => compareVersions(v, lower) < 0;
    return (v) => compareVersions(v, upper) < 0;
  }
  const target = parseVersion(body);
  if (!target) return undefined;
  const cmp = (v: Version): number => compareVersions(v, target);
  switch (op) {
    case '>': return (v) => cmp(v) > 0;
    case '>=': return (v) => cmp(v) >= 0;
    case '<': return (v) => cmp(v) < 0;
    case '<=': return (v) => cmp(v) <= 0;
    case '!=': case '!': return (v) => cmp(v) !== 0;
    default: return (v) => cmp(v) === 0;
  }
}

function parseRange(text: string): Test | undefined {
  const alternatives: Test[] = [];
  for (const alternative of text.split('||')) {
    const parts = alternative.trim().split(/\s+/).filter((p) => p !== '');
    // blang allows "> 1.0.0" with a space between the operator and the version.
    const joined: string[] = [];
    for (const p of parts) {
      const last = joined[joined.length - 1];
      if (last !== undefined && /^(>=|<=|!=|==|=|!|>|<)$/.test(last)) joined[joined.length - 1] = last + p;
      else joined.push(p);
    }
    if (joined.length === 0) return undefined;
    const tests = joined.map(comparator);
    if (tests.some((t) => t === undefined)) return undefined;
    alternatives.push((v) => tests.every((t) => t !== undefined && t(v)));
  }
  return (v) => alternatives.some((t) => t(v));
}

export const SEMVER_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'semver_compare', arity: 2,
    call: (a) => {
      const version = parseVersion(stringArg('semver_compare', a, 0)) ?? { parts: [0, 0, 0], pre: [] };
      const rangeText = stringArg('semver_compare', a, 1);
      const range = parseRange(rangeText);
      if (!range) throw new FunctionError('semver_compare', `could not parse range "${rangeText}"`);
      return range(version);
    },
  },
];
