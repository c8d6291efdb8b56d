import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { findingJson, formatJson, jsonChunks, jsonReport, jsonReportStream } from './json.ts';
import { sortFindings } from './order.ts';
import { sampleFindings } from './sample-findings.ts';

const KEYS = [
  'file', 'line', 'column', 'endLine', 'endColumn', 'policy', 'rule', 'layer', 'severity',
  'action', 'message', 'resource', 'path', 'fixable',
];

function byRule(rule: string): Finding {
  const finding = sampleFindings().find((f) => f.rule === rule);
  if (!finding) throw new Error(rule);
  return finding;
}

describe('findingJson', () => {
  it('has exactly the documented keys in order, no namespace when absent, no edits when absent', () => {
    const json = findingJson(byRule('validate-resources'));
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json).toEqual({
      file: 'apps/web/deployment.yaml',
      line: 17,
      column: 11,
      endLine: 17,
      endColumn: 31,
      policy: 'require-requests-limits',
      rule: 'validate-resources',
      layer: 'operations',
      severity: 'medium',
      action: 'Audit',
      message: 'CPU and memory resource requests and limits are required.',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      path: '/spec/template/spec/containers/0',
      fixable: false,
    });
    const service = findingJson(byRule('check-for-labels'));
    expect(Object.keys(service['resource'] as object)).toEqual(['apiVersion', 'kind', 'name']);
  });

  it('adds edits after fixable when present, and leaves out fix, status and metadata', () => {
    const json = findingJson(byRule('privileged-containers'));
    expect(Object.keys(json)).toEqual([...KEYS, 'edits']);
    expect(json['edits']).toEqual([{ file: 'apps/web/deployment.yaml', startLine: 21, endLine: 21, lines: ['            privileged: false'] }]);
  });

  it('keeps the resource shape for findings about a file', () => {
    expect(findingJson(byRule('valid-yaml'))['resource']).toEqual({ apiVersion: '', kind: '', name: '' });
  });
});

describe('jsonReport / formatJson', () => {
  it('sorts findings stably and puts extra keys after findings without letting them replace it', () => {
    const report = jsonReport([...sampleFindings()].reverse(), { roots: ['.', 'clusters/prod'], findings: 'nope' });
    expect(Object.keys(report)).toEqual(['findings', 'roots']);
    const rows = report['findings'] as { file: string; line: number }[];
    expect(rows.map((r) => `${r.file}:${r.line}`)).toEqual([
      'apps/api/broken file.yaml:3',
      'apps/api/deployment.yaml:1',
      'apps/api/service.yaml:4',
      'apps/web/deployment.yaml:17',
      'apps/web/deployment.yaml:21',
    ]);
  });

  it('prints two-space JSON with a final newline, the same for any input order', () => {
    const text = formatJson(sampleFindings());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "findings": [\n    {\n      "file": "apps/api/broken file.yaml",')).toBe(true);
    expect(formatJson([...sampleFindings()].reverse())).toBe(text);
    expect(formatJson([])).toBe('{\n  "findings": []\n}\n');
  });
});

describe('jsonChunks (the report written a piece at a time)', () => {
  const extra = { roots: [{ path: 'a.yaml', renderer: 'plain', resources: 2 }], changes: [{ change: 'added', diff: 'x\ny' }] };
  it.each([
    ['findings and more keys', sampleFindings(), extra],
    ['findings only', sampleFindings(), {}],
    ['no findings', [], extra],
    ['nothing', [], {}],
  ] as const)('gives exactly the pretty-printed report: %s', (_name, findings, more) => {
    const chunks = [...jsonChunks(findings, more)];
    expect(chunks.join('')).toBe(JSON.stringify(jsonReport(findings, more), null, 2) + '\n');
    expect(chunks.length).toBeGreaterThan(findings.length);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
  });
});

describe('jsonReportStream (findings added in groups)', () => {
  const extra = { roots: [{ path: 'a.yaml', renderer: 'plain', resources: 2 }] };
  it.each([
    ['one group', [Infinity]],
    ['one at a time', [1]],
    ['groups of two, with empty groups between', [2, 0]],
    ['groups of three', [3]],
  ] as const)('gives exactly the pretty-printed report: %s', (_name, sizes) => {
    const findings = sortFindings([...sampleFindings(), ...sampleFindings().map((f) => ({ ...f, line: f.line + 100, message: 'a "quoted"\nmessage ]' }))]);
    const pieces: string[] = [];
    const stream = jsonReportStream((text) => pieces.push(text));
    let at = 0;
    for (let turn = 0; at < findings.length; turn++) {
      const size = sizes[turn % sizes.length] ?? 1;
      const group = findings.slice(at, at + size);
      stream.add(group);
      at += group.length;
    }
    stream.end(extra);
    expect(findings.length).toBeGreaterThan(4);
    expect(pieces.join('')).toBe(JSON.stringify(jsonReport(findings, extra), null, 2) + '\n');
  });

  it('writes many findings given at once in small pieces, and exactly', () => {
    const findings = sortFindings(Array.from({ length: 40 }, (_, i) => sampleFindings().map((f) => ({ ...f, line: f.line + 1000 * i }))).flat());
    const pieces: string[] = [];
    const stream = jsonReportStream((text) => pieces.push(text));
    stream.add(findings);
    stream.end();
    expect(findings.length).toBeGreaterThan(150);
    expect(pieces.join('')).toBe(JSON.stringify(jsonReport(findings), null, 2) + '\n');
    // a piece holds a bounded group of findings, not all that came at once
    const whole = pieces.join('').length;
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole / 2);
  });
});
