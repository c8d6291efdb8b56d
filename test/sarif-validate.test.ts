/**
 * GitHub code scanning acceptance: the SARIF that `preadmit check --format sarif` writes must
 * pass Microsoft's SARIF Multitool `validate --rule-kind "Gh;Sarif"` with zero errors (the same
 * rules the SARIF web validator that GitHub's docs point to runs).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/finding.ts';
import { sampleFindings } from '../src/report/sample-findings.ts';
import { formatSarif, type SarifContext } from '../src/report/sarif.ts';

/** The multitool's native binary for this platform, or why it cannot be used here. */
function findMultitool(): { path: string } | { skip: string } {
  let path: string;
  try {
    path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  } catch (error) {
    return { skip: `@microsoft/sarif-multitool has no binary for ${process.platform}: ${String(error)}` };
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { skip: `${path} is not executable` };
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', env: multitoolEnv() });
  if (probe.status !== 0) return { skip: `${path} --version failed: ${probe.error?.message ?? probe.stderr}` };
  return { path };
}

function multitoolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
}

interface Issue {
  ruleId: string;
  level: string;
  text: string;
}

interface ValidatorLog {
  runs: {
    tool: { driver: { rules?: { id: string; defaultConfiguration?: { level?: string } }[] } };
    invocations?: { executionSuccessful: boolean }[];
    results?: { ruleId: string; ruleIndex?: number; level?: string; message: { id?: string; arguments?: string[] } }[];
  }[];
}

const work = mkdtempSync(join(tmpdir(), 'preadmit-sarif-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run `validate --rule-kind Gh;Sarif` on a log and read back what it reported, with effective levels. */
function validate(tool: string, name: string, log: unknown): { issues: Issue[]; succeeded: boolean; console: string } {
  const input = join(work, `${name}.sarif`);
  const output = join(work, `${name}.validation.sarif`);
  writeFileSync(input, JSON.stringify(log, null, 2));
  const run = spawnSync(tool, ['validate', '--rule-kind', 'Gh;Sarif', '--output', output, input], {
    encoding: 'utf8',
    env: multitoolEnv(),
  });
  const report = JSON.parse(readFileSync(output, 'utf8')) as ValidatorLog;
  const [first] = report.runs;
  const rules = first?.tool.driver.rules ?? [];
  const issues = (first?.results ?? []).map((result) => {
    const rule = result.ruleIndex !== undefined ? rules[result.ruleIndex] : rules.find((r) => r.id === result.ruleId);
    return {
      ruleId: result.ruleId,
      level: result.level ?? rule?.defaultConfiguration?.level ?? 'warning',
      text: (result.message.arguments ?? []).join(' | '),
    };
  });
  const succeeded = first?.invocations?.every((i) => i.executionSuccessful) ?? false;
  return { issues, succeeded, console: `${run.stdout}${run.stderr}` };
}

function representativeFindings(): Finding[] {
  const findings = sampleFindings();
  const [privileged] = findings;
  // The same identity twice (a second container) and an edit spanning two files.
  return [
    ...findings,
    { ...privileged!, line: 33, endLine: 33, path: '/spec/template/spec/containers/1/securityContext/privileged', edits: [] },
    {
      ...privileged!,
      file: 'clusters/prod/kustomization.yaml',
      line: 8,
      column: 5,
      endLine: 9,
      endColumn: 2,
      edits: [
        { file: 'clusters/prod/kustomization.yaml', startLine: 8, endLine: 9, lines: ['  - patch.yaml'] },
        { file: 'clusters/prod/patch.yaml', startLine: 1, endLine: 0, lines: ['kind: Deployment', 'apiVersion: apps/v1'] },
      ],
    },
  ];
}

const multitool = findMultitool();
const skipReason = 'skip' in multitool ? multitool.skip : '';

describe.skipIf(skipReason !== '')(`SARIF Multitool validate --rule-kind Gh;Sarif${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const tool = 'path' in multitool ? multitool.path : '';

  const logs: [string, unknown][] = [
    ['findings', formatSarif(representativeFindings(), { toolVersion: '0.1.0' })],
    [
      'with-context',
      formatSarif(representativeFindings(), {
        toolVersion: '1.4.0-rc.1',
        srcRoot: 'file:///home/runner/work/infra/infra/',
        automationId: 'preadmit/pull-request/',
        rules: [{ policy: 'require-probes', rule: 'validate-probes', layer: 'operations', severity: 'medium', action: 'Audit' }],
      } satisfies SarifContext),
    ],
    ['no-findings', formatSarif([], { toolVersion: '0.1.0' })],
  ];

  it.each(logs)('%s: zero errors', (name, log) => {
    const { issues, succeeded, console: output } = validate(tool, name, log);
    expect(succeeded, output).toBe(true);
    for (const issue of issues.filter((i) => i.level !== 'error')) {
      console.warn(`sarif-multitool ${issue.level} ${issue.ruleId}: ${issue.text}`);
    }
    expect(issues.filter((i) => i.level === 'error')).toEqual([]);
  });

  it('reports errors for a log GitHub would reject (the check is not vacuous)', () => {
    const log = formatSarif(sampleFindings(), { toolVersion: '0.1.0' });
    const [run] = log.runs;
    run.tool.driver.rules[0]!.shortDescription = { text: '' };
    run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'C:\\repo\\bad path.yaml';
    const errors = validate(tool, 'broken', log).issues.filter((i) => i.level === 'error').map((i) => i.ruleId);
    expect(errors).toContain('GH2012');
    expect(errors).toContain('SARIF1002');
  });
});
