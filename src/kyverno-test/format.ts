import type { CaseResult } from './compare.ts';
import type { TestRun } from './run-test.ts';
import { appendAll } from '../core/append-all.ts';
import { maxOf } from '../core/arrays.ts';

export interface TestSummary {
  total: number;
  ok: number;
  mismatch: number;
}

export function summarize(runs: readonly TestRun[]): TestSummary {
  const cases = runs.flatMap((r) => r.cases);
  const ok = cases.filter((c) => c.ok).length;
  return { total: cases.length, ok, mismatch: cases.length - ok };
}

/** `preadmit test --json`: one document, one entry per resource. */
export function formatTestJson(runs: readonly TestRun[]): string {
  const results = runs.flatMap((r) =>
    r.cases.map((c: CaseResult) => ({
      file: c.file,
      policy: c.policy,
      rule: c.rule,
      kind: c.kind,
      resource: c.resource,
      expected: c.expected,
      actual: c.actual,
      ok: c.ok,
      message: c.message,
      ...(c.compared === false ? { compared: false } : {}),
    })),
  );
  const problems = runs.flatMap((r) => r.problems);
  return JSON.stringify({ results, summary: summarize(runs), ...(problems.length > 0 ? { problems } : {}) }, null, 2);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => maxOf(rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => '│ ' + r.map((cell, i) => pad(cell, widths[i] ?? 0)).join(' │ ') + ' │');
}

/** Human output in the manner of `kyverno test`. */
export function formatTestText(runs: readonly TestRun[], options: { detailed?: boolean } = {}): string {
  const lines: string[] = [];
  for (const run of runs) {
    lines.push(`Loading test ( ${run.file} ) ...`);
    for (const problem of run.problems) lines.push(`  Error: ${problem}`);
    lines.push(`  Applying ${run.policies} ${run.policies === 1 ? 'policy' : 'policies'} to ${run.resources} ${run.resources === 1 ? 'resource' : 'resources'} ...`);
    lines.push('  Checking results ...');
    const shown = options.detailed ? run.cases : run.cases.filter((c) => !c.ok);
    if (shown.length > 0) {
      const rows = [['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON']];
      shown.forEach((c, i) =>
        rows.push([String(i + 1), c.policy, c.rule, `${c.kind}/${c.resource}`, c.ok ? 'Pass' : 'Fail', c.ok ? 'Ok' : `Want ${c.expected}, got ${c.actual}${c.message ? ': ' + c.message : ''}`]),
      );
      appendAll(lines, table(rows).map((l) => '  ' + l));
    }
    const ok = run.cases.filter((c) => c.ok).length;
    lines.push(`  Test Summary: ${ok} tests passed and ${run.cases.length - ok} tests failed`, '');
  }
  const summary = summarize(runs);
  lines.push(`Total: ${summary.ok} passed, ${summary.mismatch} failed`);
  return lines.join('\n');
}
