/**
 * Verdicts and agreement for the Pod Security Standards comparison: preadmit's verdicts,
 * agreement of a tool with the fixtures' expected results, and agreement between tools.
 */
import { evaluatePodSecurity } from '../src/engine/podsecurity/index.ts';
import type { BenchPod, FixturePod, PssLevel } from './pss-pods.ts';

/** A tool's answer for one Pod at one level; reasons are check or rule IDs, or the error. */
export interface Verdict {
  verdict: 'allowed' | 'denied' | 'error';
  reasons: string[];
}

/** Pod id -> verdict. */
export type Verdicts = Map<string, Verdict>;

export interface Agreement {
  agreed: number;
  total: number;
  /** Pod ids (or names) where the answers differ, with both sides in words. */
  mismatches: string[];
}

/** preadmit's verdicts for Pods at one level and version. */
export function preadmitVerdicts(pods: readonly BenchPod[], level: PssLevel, version: string): Verdicts {
  const verdicts: Verdicts = new Map();
  for (const { id, pod } of pods) {
    const result = evaluatePodSecurity(pod, { level, version });
    verdicts.set(
      id,
      !result.ok
        ? { verdict: 'error', reasons: [result.error] }
        : { verdict: result.value.allowed ? 'allowed' : 'denied', reasons: result.value.violations.map((v) => v.check) },
    );
  }
  return verdicts;
}

/** The peer's rule IDs per Pod as verdicts (no rule ID: allowed). */
export function verdictsFromRuleIds(ruleIds: ReadonlyMap<string, readonly string[]>): Verdicts {
  const verdicts: Verdicts = new Map();
  for (const [id, rules] of ruleIds) verdicts.set(id, { verdict: rules.length === 0 ? 'allowed' : 'denied', reasons: [...new Set(rules)].sort() });
  return verdicts;
}

const describe = (v: Verdict | undefined): string => (v === undefined ? 'missing' : v.reasons.length === 0 ? v.verdict : `${v.verdict} [${v.reasons.join(',')}]`);

/** How often a tool gives the fixture's expected verdict (errors and missing answers never agree). */
export function agreementWithExpected(pods: readonly FixturePod[], verdicts: Verdicts): Agreement {
  const mismatches: string[] = [];
  for (const pod of pods) {
    const got = verdicts.get(pod.id);
    const expected = pod.expectedAllowed ? 'allowed' : 'denied';
    if (got?.verdict !== expected) mismatches.push(`${pod.level} ${pod.name}: expected ${expected}, got ${describe(got)}`);
  }
  return { agreed: pods.length - mismatches.length, total: pods.length, mismatches };
}

/** How often two tools give the same verdict on the same Pods (an error on either side disagrees). */
export function agreementBetween(pods: readonly BenchPod[], level: PssLevel, a: Verdicts, b: Verdicts): Agreement {
  const mismatches: string[] = [];
  for (const { id } of pods) {
    const left = a.get(id);
    const right = b.get(id);
    if (left === undefined || right === undefined || left.verdict === 'error' || left.verdict !== right.verdict) {
      mismatches.push(`${level} ${id}: ${describe(left)} vs ${describe(right)}`);
    }
  }
  return { agreed: pods.length - mismatches.length, total: pods.length, mismatches };
}

export function combine(parts: readonly Agreement[]): Agreement {
  return {
    agreed: parts.reduce((n, p) => n + p.agreed, 0),
    total: parts.reduce((n, p) => n + p.total, 0),
    mismatches: parts.flatMap((p) => p.mismatches),
  };
}

/** How many Pods a tool allowed. */
export function allowedCount(verdicts: Verdicts): number {
  let count = 0;
  for (const v of verdicts.values()) if (v.verdict === 'allowed') count++;
  return count;
}

/** Agreement as a percentage with two decimals, e.g. '97.25%' ('n/a' when nothing was compared). */
export function percent(a: Agreement): string {
  return a.total === 0 ? 'n/a' : `${((100 * a.agreed) / a.total).toFixed(2)}%`;
}

/**
 * The most frequent disagreement patterns, most frequent first. Lines read `level name: …`;
 * the name is left out, or with `byControl` kept without its trailing number (PSA fixture
 * names such as `fail-apparmorprofile1` name the control they exercise).
 */
export function disagreementPatterns(mismatches: readonly string[], limit = 5, byControl = false): { pattern: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const line of mismatches) {
    const pattern = byControl ? line.replace(/^(\S+) (\S+?)\d*: /, '$1 $2: ') : line.replace(/^(\S+) \S+: /, '$1: ');
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([pattern, count]) => ({ pattern, count }));
}
