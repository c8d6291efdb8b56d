/**
 * Side-by-side Pod Security Standards measure: preadmit's `evaluatePodSecurity` against
 * @monokle/validation's "pod-security-standards" plugin (a devDependency of the bench
 * only), on the Pod Security Admission fixtures (newest version directory; the peer has no
 * notion of versions) and on the Pods of the bench corpus. Times each tool after a warm-up
 * (evaluation only) and measures agreement with the fixtures and between the tools.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateManifests } from './generate.ts';
import { agreementBetween, agreementWithExpected, allowedCount, combine, disagreementPatterns, percent, preadmitVerdicts, verdictsFromRuleIds, type Agreement, type Verdicts } from './pss-compare.ts';
import { loadPeer, type PeerEvaluator } from './pss-peer-adapter.ts';
import { loadFixturePods, newestFixtureVersion, podsOfFiles, PSS_LEVELS, type BenchPod, type FixturePod, type PssLevel } from './pss-pods.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PSA_ROOT = '/work/shared/corpus/psa-kyverno-tests';
/** Pods each tool sees once, untimed, before it is timed (so the JIT has warmed up). */
const WARM_UP_PODS = 500;

export interface PssTimings {
  fixturesMs: number;
  corpusMs: number;
  totalMs: number;
}

export interface PssFixtureFigures {
  version: string;
  pods: number;
  preadmit: Agreement;
  peer: Agreement;
  /** The most frequent ways each tool departs from the expected verdicts. */
  preadmitMisses: { pattern: string; count: number }[];
  peerMisses: { pattern: string; count: number }[];
}

export interface PssPeerFigures {
  status: 'ran';
  peer: string;
  levels: PssLevel[];
  /** The Pods of the bench corpus (each evaluated at every level). */
  corpusPods: number;
  fixtures: PssFixtureFigures | { skipped: string };
  preadmit: PssTimings;
  peerTimings: PssTimings;
  /** peer total / preadmit total. */
  peerOverPreadmit: number;
  betweenTools: Agreement;
  /** Pods of the bench corpus each tool allowed, per level. */
  corpusAllowed: Record<PssLevel, { preadmit: number; peer: number }>;
  topDisagreements: { pattern: string; count: number }[];
  /** URLs the peer tried to fetch (all refused). */
  networkAttempts: string[];
  lines: string[];
}

export interface PssPeerFailure {
  status: 'failed';
  reason: string;
  lines: string[];
}

export type PssPeerReport = PssPeerFigures | PssPeerFailure;

export interface PssPeerOptions {
  /** The bench corpus; default: `generateManifests(10_000)` as in bench/run.ts. */
  inputs?: readonly { file: string; text: string }[];
  /** Where the PSA fixtures are; default /work/shared/corpus/psa-kyverno-tests. */
  psaRoot?: string;
  /** Where each line and the JSON object go; default console.log. */
  log?: (line: string) => void;
}

type Sets = { fixtures: Map<PssLevel, FixturePod[]>; corpus: BenchPod[] };

function timePreadmit(sets: Sets, fixtureVersion: string): { timings: PssTimings; fixtures: Map<PssLevel, Verdicts>; corpus: Map<PssLevel, Verdicts> } {
  const fixtures = new Map<PssLevel, Verdicts>();
  const corpus = new Map<PssLevel, Verdicts>();
  let fixturesMs = 0;
  let corpusMs = 0;
  for (const level of PSS_LEVELS) {
    const pods = sets.fixtures.get(level) ?? [];
    preadmitVerdicts(pods, level, fixtureVersion);
    preadmitVerdicts(sets.corpus.slice(0, WARM_UP_PODS), level, 'latest');
    let start = performance.now();
    fixtures.set(level, preadmitVerdicts(pods, level, fixtureVersion));
    fixturesMs += performance.now() - start;
    start = performance.now();
    corpus.set(level, preadmitVerdicts(sets.corpus, level, 'latest'));
    corpusMs += performance.now() - start;
  }
  return { timings: { fixturesMs, corpusMs, totalMs: fixturesMs + corpusMs }, fixtures, corpus };
}

async function timedPeer(evaluator: PeerEvaluator, pods: readonly BenchPod[]): Promise<{ ms: number; verdicts: Verdicts } | string> {
  const warm = await evaluator.evaluate(pods.slice(0, WARM_UP_PODS));
  if (!warm.ok) return warm.error;
  evaluator.clearCache();
  const start = performance.now();
  const result = await evaluator.evaluate(pods);
  const ms = performance.now() - start;
  return result.ok ? { ms, verdicts: verdictsFromRuleIds(result.value) } : result.error;
}

async function timePeer(evaluators: readonly PeerEvaluator[], sets: Sets): Promise<{ timings: PssTimings; fixtures: Map<PssLevel, Verdicts>; corpus: Map<PssLevel, Verdicts> } | string> {
  const fixtures = new Map<PssLevel, Verdicts>();
  const corpus = new Map<PssLevel, Verdicts>();
  let fixturesMs = 0;
  let corpusMs = 0;
  for (const evaluator of evaluators) {
    const onFixtures = await timedPeer(evaluator, sets.fixtures.get(evaluator.level) ?? []);
    if (typeof onFixtures === 'string') return onFixtures;
    const onCorpus = await timedPeer(evaluator, sets.corpus);
    if (typeof onCorpus === 'string') return onCorpus;
    fixtures.set(evaluator.level, onFixtures.verdicts);
    corpus.set(evaluator.level, onCorpus.verdicts);
    fixturesMs += onFixtures.ms;
    corpusMs += onCorpus.ms;
  }
  return { timings: { fixturesMs, corpusMs, totalMs: fixturesMs + corpusMs }, fixtures, corpus };
}

function fixtureSets(psaRoot: string): { version: string; pods: Map<PssLevel, FixturePod[]> } | string {
  if (!existsSync(psaRoot)) return `PSA fixtures absent (${psaRoot})`;
  const version = newestFixtureVersion(psaRoot);
  if (!version.ok) return version.error;
  const pods = new Map<PssLevel, FixturePod[]>();
  for (const level of PSS_LEVELS) {
    const loaded = loadFixturePods(psaRoot, level, version.value);
    if (!loaded.ok) return loaded.error;
    pods.set(level, loaded.value);
  }
  return { version: version.value, pods };
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function failure(reason: string, log: (line: string) => void): PssPeerFailure {
  const lines = [`pss: peer comparison skipped: ${reason}`];
  lines.forEach((line) => log(line));
  return { status: 'failed', reason, lines };
}

/** Run the comparison; prints its lines and its JSON object, and returns them. Never throws. */
export async function runPssPeerBench(options: PssPeerOptions = {}): Promise<PssPeerReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  try {
    const corpus = podsOfFiles(options.inputs ?? generateManifests(10_000));
    const loadedFixtures = fixtureSets(options.psaRoot ?? PSA_ROOT);
    const sets: Sets = { fixtures: typeof loadedFixtures === 'string' ? new Map() : loadedFixtures.pods, corpus };
    const fixtureVersion = typeof loadedFixtures === 'string' ? 'latest' : loadedFixtures.version;

    const peer = await loadPeer(ROOT, PSS_LEVELS);
    if (!peer.ok) return failure(peer.error, log);
    let peerRun: Awaited<ReturnType<typeof timePeer>>;
    try {
      peerRun = await timePeer(peer.value.evaluators, sets);
    } finally {
      peer.value.close();
    }
    if (typeof peerRun === 'string') return failure(peerRun, log);
    const ours = timePreadmit(sets, fixtureVersion);

    const agreementOn = (verdicts: Map<PssLevel, Verdicts>): Agreement =>
      combine(PSS_LEVELS.map((level) => agreementWithExpected(sets.fixtures.get(level) ?? [], verdicts.get(level) ?? new Map())));
    const onFixtures = (preadmit: Agreement, peerAgreement: Agreement): PssFixtureFigures => ({
      version: fixtureVersion,
      pods: [...sets.fixtures.values()].reduce((n, p) => n + p.length, 0),
      preadmit,
      peer: peerAgreement,
      preadmitMisses: disagreementPatterns(preadmit.mismatches, 8, true),
      peerMisses: disagreementPatterns(peerAgreement.mismatches, 8, true),
    });
    const fixtures: PssFixtureFigures | { skipped: string } =
      typeof loadedFixtures === 'string' ? { skipped: loadedFixtures } : onFixtures(agreementOn(ours.fixtures), agreementOn(peerRun.fixtures));
    const allowed = (level: PssLevel) => ({ preadmit: allowedCount(ours.corpus.get(level) ?? new Map()), peer: allowedCount(peerRun.corpus.get(level) ?? new Map()) });
    const corpusAllowed: Record<PssLevel, { preadmit: number; peer: number }> = { baseline: allowed('baseline'), restricted: allowed('restricted') };
    const betweenTools = combine(PSS_LEVELS.map((level) => agreementBetween(corpus, level, ours.corpus.get(level) ?? new Map(), peerRun.corpus.get(level) ?? new Map())));
    const peerOverPreadmit = peerRun.timings.totalMs / Math.max(ours.timings.totalMs, 1e-6);
    const peerName = `${peer.value.name}@${peer.value.version} (pod-security-standards plugin)`;

    const lines = [
      `pss: preadmit ${ms(ours.timings.totalMs)}, peer ${ms(peerRun.timings.totalMs)} (peer/preadmit ${peerOverPreadmit.toFixed(1)}x); ` +
        ('skipped' in fixtures
          ? `PSA fixture agreement skipped (${fixtures.skipped}); `
          : `PSA fixture agreement preadmit ${percent(fixtures.preadmit)}, peer ${percent(fixtures.peer)}; `) +
        `agreement between tools on bench pods ${percent(betweenTools)}`,
      `pss: peer ${peerName}; ${corpus.length} bench pods and ${'skipped' in fixtures ? 0 : fixtures.pods} PSA fixture pods (${'skipped' in fixtures ? 'none' : fixtures.version}; the peer has no versions) at ${PSS_LEVELS.join(' and ')}; network attempts by the peer: ${peer.value.networkAttempts.length}`,
      `pss: bench pods allowed (preadmit/peer): ${PSS_LEVELS.map((level) => `${level} ${corpusAllowed[level].preadmit}/${corpusAllowed[level].peer}`).join(', ')}`,
    ];
    const topDisagreements = disagreementPatterns(betweenTools.mismatches);
    for (const { pattern, count } of topDisagreements) lines.push(`pss: tools disagree on bench pods: ${count}x ${pattern}`);
    if (!('skipped' in fixtures)) {
      for (const { pattern, count } of fixtures.peerMisses) lines.push(`pss: peer vs PSA fixtures: ${count}x ${pattern}`);
      for (const { pattern, count } of fixtures.preadmitMisses) lines.push(`pss: preadmit vs PSA fixtures: ${count}x ${pattern}`);
    }
    const report: PssPeerFigures = {
      status: 'ran',
      peer: peerName,
      levels: [...PSS_LEVELS],
      corpusPods: corpus.length,
      fixtures,
      preadmit: ours.timings,
      peerTimings: peerRun.timings,
      peerOverPreadmit,
      betweenTools,
      corpusAllowed,
      topDisagreements,
      networkAttempts: peer.value.networkAttempts,
      lines,
    };
    lines.forEach((line) => log(line));
    log(JSON.stringify(pssJson(report)));
    return report;
  } catch (error) {
    return failure(`unexpected error: ${message(error)}`, log);
  }
}

/** The figures as a compact JSON object (for the bench's final line). */
export function pssJson(report: PssPeerReport): Record<string, unknown> {
  if (report.status === 'failed') return { peer: 'failed', reason: report.reason };
  const pct = (a: Agreement): number | null => (a.total === 0 ? null : Math.round((10_000 * a.agreed) / a.total) / 100);
  return {
    peer: report.peer,
    preadmitMs: Math.round(report.preadmit.totalMs),
    peerMs: Math.round(report.peerTimings.totalMs),
    peerOverPreadmit: Math.round(report.peerOverPreadmit * 10) / 10,
    corpusPods: report.corpusPods,
    ...('skipped' in report.fixtures
      ? { fixtures: `skipped: ${report.fixtures.skipped}` }
      : { fixtureVersion: report.fixtures.version, fixturePods: report.fixtures.pods, fixtureAgreementPreadmit: pct(report.fixtures.preadmit), fixtureAgreementPeer: pct(report.fixtures.peer) }),
    agreementBetweenTools: pct(report.betweenTools),
    corpusAllowed: report.corpusAllowed,
    networkAttempts: report.networkAttempts.length,
  };
}
