import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { sampleFindings } from './sample-findings.ts';
import { formatSarif, formatSarifText, resultLevel, sarifChunks, SARIF_SCHEMA } from './sarif.ts';
import { findingHash } from './sarif-fingerprint.ts';

const context = { toolVersion: '0.1.0' };

function byRule(rule: string): Finding {
  const finding = sampleFindings().find((f) => f.rule === rule);
  if (!finding) throw new Error(rule);
  return finding;
}

describe('formatSarif', () => {
  it('writes one SARIF 2.1.0 run for preadmit with %SRCROOT% declared', () => {
    const log = formatSarif(sampleFindings(), context);
    expect(Object.keys(log)).toEqual(['$schema', 'version', 'runs']);
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver).toMatchObject({ name: 'preadmit', informationUri: 'https://github.com/preadmit/preadmit', semanticVersion: '0.1.0' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { description: { text: 'The root of the checked repository.' } } });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run).not.toHaveProperty('automationDetails');
  });

  it('writes the whole result for a blocking finding with a fix', () => {
    const finding = byRule('privileged-containers');
    const [run] = formatSarif([finding], context).runs;
    const hash = findingHash(finding);
    expect(run.results).toEqual([
      {
        ruleId: 'disallow-privileged-containers/privileged-containers',
        ruleIndex: 0,
        level: 'error',
        message: {
          text:
            'Privileged mode is disallowed. The field spec.containers[*].securityContext.privileged must be unset or false. ' +
            '(Deployment/shop/web at /spec/template/spec/containers/0/securityContext/privileged)',
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'apps/web/deployment.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 29 },
            },
          },
        ],
        partialFingerprints: { 'preadmitFindingHash/v1': hash, primaryLocationLineHash: `${hash.slice(0, 16)}:1` },
        fixes: [
          {
            description: { text: 'Set securityContext.privileged to false.' },
            artifactChanges: [
              {
                artifactLocation: { uri: 'apps/web/deployment.yaml', uriBaseId: '%SRCROOT%' },
                replacements: [
                  {
                    deletedRegion: { startLine: 21, startColumn: 1, endLine: 22, endColumn: 1 },
                    insertedContent: { text: '            privileged: false\n' },
                  },
                ],
              },
            ],
          },
        ],
        properties: { status: 'fail', action: 'Enforce', blocking: true },
      },
    ]);
  });

  it('points every result at its rule by id and index, results sorted by file and line', () => {
    const [run] = formatSarif([...sampleFindings()].reverse(), context).runs;
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    for (const result of run.results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(run.results.map((r) => `${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region.startLine}`)).toEqual([
      'apps/api/broken%20file.yaml:3',
      'apps/api/deployment.yaml:1',
      'apps/api/service.yaml:4',
      'apps/web/deployment.yaml:17',
      'apps/web/deployment.yaml:21',
    ]);
    expect(run.results.map((r) => r.level)).toEqual(['note', 'error', 'warning', 'warning', 'error']);
    expect(run.results.filter((r) => r.fixes !== undefined).map((r) => r.ruleId)).toEqual([
      'require-labels/check-for-labels',
      'disallow-privileged-containers/privileged-containers',
    ]);
  });

  it('says when a rule could not be evaluated, and omits the resource for file findings', () => {
    const [run] = formatSarif([byRule('valid-yaml'), byRule('require-digest')], context).runs;
    expect(run.results.map((r) => r.message.text)).toEqual([
      'preadmit could not evaluate this rule: Nested mappings are not allowed in compact mappings',
      'preadmit could not evaluate this rule: variable substitution failed: unknown variable {{ images.containers }} (Deployment/shop/api)',
    ]);
  });

  it('keeps fingerprints when lines move, and lists known rules without results', () => {
    const moved = sampleFindings().map((f) => ({ ...f, line: f.line + 7, endLine: f.endLine + 7 }));
    const prints = (findings: Finding[]) => formatSarif(findings, context).runs[0].results.map((r) => r.partialFingerprints);
    expect(prints(moved)).toEqual(prints(sampleFindings()));
    const withKnown = formatSarif([], {
      ...context,
      srcRoot: 'file:///work/repo',
      automationId: 'preadmit/pr-7/',
      informationUri: 'https://example.test/preadmit',
      rules: [{ policy: 'p', rule: 'r', layer: 'developer', severity: 'low', action: 'Audit' }],
    });
    const [run] = withKnown.runs;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['p/r']);
    expect(run.tool.driver.informationUri).toBe('https://example.test/preadmit');
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe('file:///work/repo/');
    expect(run.automationDetails).toEqual({ id: 'preadmit/pr-7/' });
  });
});

describe('resultLevel', () => {
  it('is error exactly when the finding blocks, note for info, warning otherwise', () => {
    const base = byRule('privileged-containers');
    expect(resultLevel(base)).toBe('error');
    expect(resultLevel({ ...base, status: 'error' })).toBe('error');
    expect(resultLevel({ ...base, status: 'warn' })).toBe('warning');
    expect(resultLevel({ ...base, action: 'Audit' })).toBe('warning');
    expect(resultLevel({ ...base, action: 'Audit', severity: 'info' })).toBe('note');
    expect(resultLevel({ ...base, severity: 'info' })).toBe('error');
  });
});

describe('formatSarifText', () => {
  it('is the log as two-space JSON with a final newline', () => {
    const text = formatSarifText(sampleFindings(), context);
    expect(JSON.parse(text)).toEqual(formatSarif(sampleFindings(), context));
    expect(text.startsWith('{\n  "$schema": ')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('sarifChunks', () => {
  const whole = (findings: Finding[], ctx: Parameters<typeof formatSarif>[1]): string => JSON.stringify(formatSarif(findings, ctx), null, 2) + '\n';

  it('is the log as JSON.stringify writes it, in pieces that each end a line, with and without results and keys after them', () => {
    const contexts = [context, { ...context, automationId: 'preadmit/pr-7/', srcRoot: 'file:///repo' }];
    for (const ctx of contexts) {
      for (const findings of [sampleFindings(), [], sampleFindings().slice(0, 1)]) {
        const pieces = [...sarifChunks(findings, ctx)];
        expect(pieces.join('')).toBe(whole(findings, ctx));
        for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
        expect(pieces.length).toBeGreaterThanOrEqual(findings.length + 2);
      }
    }
  });
});
