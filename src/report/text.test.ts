import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { sampleFindings } from './sample-findings.ts';
import type { ReportSummary } from './summary.ts';
import { formatText, summaryLines, textChunks } from './text.ts';

const summary: ReportSummary = { filesScanned: 3, resourcesEvaluated: 4, policiesLoaded: 5, rulesEvaluated: 9, toolVersion: '0.1.0' };

describe('formatText', () => {
  it('groups findings by file in order, lines sorted, fixes indented, then the summary', () => {
    expect(formatText(sampleFindings(), summary)).toBe(
      [
        'apps/api/broken file.yaml:3:5  info error      preadmit/valid-yaml  Nested mappings are not allowed in compact mappings',
        '',
        'apps/api/deployment.yaml:1:1  critical error  check-image-digest/require-digest  [blocking] variable substitution failed: unknown variable {{ images.containers }}',
        '',
        'apps/api/service.yaml:4:3  low warn        require-labels/check-for-labels  The label `app.kubernetes.io/name` is required.',
        '    fix: automatic fix available',
        '      @@ insert before line 6',
        '      +     app.kubernetes.io/name: api',
        '',
        'apps/web/deployment.yaml:17:11  medium          require-requests-limits/validate-resources  CPU and memory resource requests and limits are required.',
        'apps/web/deployment.yaml:21:13  high            disallow-privileged-containers/privileged-containers  [blocking] Privileged mode is disallowed. The field spec.containers[*].securityContext.privileged must be unset or false.',
        '    fix: Set securityContext.privileged to false.',
        '      @@ replace line 21 with',
        '      +             privileged: false',
        '',
        '5 findings (1 critical, 1 high, 1 medium, 1 low, 1 info); by layer: 2 security, 1 operations, 2 developer; 2 blocking (Enforce); 1 warned, 2 not evaluated (error).',
        'Scanned 3 files, 4 resources against 5 policies (9 rule evaluations) with preadmit 0.1.0.',
        '',
      ].join('\n'),
    );
  });

  it('does not depend on the input order', () => {
    const findings = sampleFindings();
    expect(formatText([...findings].reverse(), summary)).toBe(formatText(findings, summary));
  });

  it('says so when there is nothing to report', () => {
    const one: ReportSummary = { filesScanned: 1, resourcesEvaluated: 1, policiesLoaded: 1, rulesEvaluated: 1, toolVersion: '1.2.3' };
    expect(formatText([], one)).toBe('No findings.\nScanned 1 file, 1 resource against 1 policy (1 rule evaluation) with preadmit 1.2.3.\n');
  });

  it('indents continuation lines of a multi-line message', () => {
    const [first] = sampleFindings();
    const finding: Finding = { ...first!, message: 'line one\nline two', edits: [] };
    delete finding.fix;
    const text = formatText([finding], summary);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'apps/web/deployment.yaml:21:13  high            disallow-privileged-containers/privileged-containers  [blocking] line one',
      '    line two',
    ]);
  });

  it('colours only when asked, and the text is the same without the escapes', () => {
    const plain = formatText(sampleFindings(), summary);
    const colored = formatText(sampleFindings(), summary, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31mhigh\u001b[39m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('counts nothing blocking when every finding only audits or warns', () => {
    const audits = sampleFindings().filter((f) => f.action === 'Audit' || f.status === 'warn');
    expect(summaryLines(audits, summary)[0]).toBe(
      '3 findings (1 medium, 1 low, 1 info); by layer: 1 operations, 2 developer; 0 blocking (Enforce); 1 warned, 1 not evaluated (error).',
    );
  });

  it('marks blocking by the caller\'s rule, classes against a base, and lists the fixed findings', () => {
    const [privileged, , service] = sampleFindings();
    const findings = [{ ...privileged!, classification: 'new' as const }, { ...service!, classification: 'existing' as const }];
    const gone = { ...privileged!, file: 'apps/old.yaml', line: 4, column: 3 };
    const text = formatText(findings, summary, { blocks: (f) => f.severity === 'low', fixed: [gone] });
    expect(text).toContain('privileged-containers  [new] Privileged mode');
    expect(text).toContain('check-for-labels  [blocking] [existing] The label');
    expect(text).toContain('Fixed by the change (1; positions at the base):\napps/old.yaml:4:3  high            disallow-privileged-containers/privileged-containers  [fixed] Privileged mode is disallowed.');
    // a fixed finding shows no fix of its own
    expect(text).toMatch(/\[fixed\] Privileged mode is disallowed\.[^\n]*\n\n2 findings/);
    expect(text).toContain('1 blocking (Enforce)');
  });
});

describe('textChunks', () => {
  it('is formatText in pieces that each end a line, one per file, then the fixed ones and the summary', () => {
    const findings = sampleFindings();
    const fixed = findings.slice(0, 2);
    for (const options of [{}, { fixed }, { color: true }]) {
      const pieces = [...textChunks(findings, summary, options)];
      expect(pieces.join('')).toBe(formatText(findings, summary, options));
      for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
      expect(pieces.length).toBe(new Set(findings.map((f) => f.file)).size + ('fixed' in options ? 2 : 1));
    }
    expect([...textChunks([], summary)]).toEqual([formatText([], summary)]);
  });
});
