/**
 * GitHub code scanning acceptance: the SARIF that `preadmit check --format sarif` writes must
 * pass Microsoft's SARIF Multitool `validate --rule-kind "Gh;Sarif"` with zero errors (the same
 * rules the SARIF web validator that GitHub's docs point to runs).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/finding.ts';
import { sampleFindings } from '../src/report/sample-findings.ts';
import { formatSarif, type SarifContext } from '../src/report/sarif.ts';
import { findMultitool, validate } from './helpers/sarif-multitool.ts';

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
