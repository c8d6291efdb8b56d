/**
 * Parts of `npm run conformance` beyond the policy library: every suite of
 * ../shared/corpus/kyverno-cli, and the CEL specification's conformance tests run against the
 * CEL library preadmit uses (through its adapter).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tests as celSpecTests } from '@bufbuild/cel-spec/testdata/conformance.js';
import { runSpecConformance, type SpecOutcome, type SpecSuite } from '../src/engine/cel/adapter/spec-conformance.ts';

export interface Entry {
  file: string;
  policy: string;
  rule: string;
  kind: string;
  resource: string;
  expected: string;
  actual: string;
  ok: boolean;
  message: string;
  compared?: boolean;
}

export interface SuiteTally {
  suite: string;
  ok: number;
  total: number;
  /** ok without comparison: no result for an expected skip, or a patched resource missing from its file */
  uncompared: number;
  /** Results preadmit leaves out on purpose, with the reason (counted in total, never ok). */
  leftOut: { entry: Entry; reason: string }[];
  mismatches: Entry[];
}

/** Why a mismatch is left out on purpose, or undefined when it is a real disagreement. */
export function leftOutReason(entry: Entry): string | undefined {
  if (entry.message.includes('envoyPayloads')) return 'Envoy authorization payloads: preadmit judges Kubernetes resources, not Envoy CheckRequests';
  if (entry.message.includes('httpPayloads')) return 'HTTP authorization payloads: preadmit judges Kubernetes resources, not HTTP requests';
  return undefined;
}

export async function cliSuites(corpusRoot: string, preadmitTest: (dir: string) => Promise<Entry[]>): Promise<SuiteTally[]> {
  const root = join(corpusRoot, 'kyverno-cli');
  if (!existsSync(root)) return [];
  const tallies: SuiteTally[] = [];
  for (const suite of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const entries = await preadmitTest(join(root, suite));
    const tally: SuiteTally = { suite, ok: 0, total: entries.length, uncompared: 0, leftOut: [], mismatches: [] };
    for (const entry of entries) {
      if (entry.ok) {
        tally.ok++;
        if (entry.actual === 'no result' || entry.compared === false) tally.uncompared++;
        continue;
      }
      const reason = leftOutReason(entry);
      if (reason) tally.leftOut.push({ entry, reason });
      else tally.mismatches.push(entry);
    }
    tallies.push(tally);
  }
  return tallies;
}

export function printSuites(tallies: readonly SuiteTally[], corpusRoot: string): void {
  const pct = (ok: number, total: number): string => (total > 0 ? ((100 * ok) / total).toFixed(2) : '0.00');
  console.log('\nAgreement with the suites of ../shared/corpus/kyverno-cli');
  for (const t of tallies) {
    const compared = t.total - t.leftOut.length;
    console.log(`  ${t.suite.padEnd(36)} ${String(t.ok).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t.ok, t.total).padStart(6)}%   without the ${t.leftOut.length} left out: ${pct(t.ok, compared)}%   ok without comparison: ${t.uncompared}`);
  }
  for (const t of tallies) {
    for (const m of t.mismatches) console.log(`  mismatch [${t.suite}] ${relative(corpusRoot, m.file)} ${m.policy}/${m.rule || '-'} ${m.kind}/${m.resource}: expected ${m.expected}, got ${m.actual} — ${m.message.slice(0, 160)}`);
    for (const l of t.leftOut) console.log(`  left out [${t.suite}] ${relative(corpusRoot, l.entry.file)} ${l.entry.policy}: ${l.reason}`);
  }
}

export function celSpecConformance(): SpecOutcome {
  return runSpecConformance([celSpecTests as unknown as SpecSuite]);
}
