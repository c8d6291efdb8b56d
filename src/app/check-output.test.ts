import { describe, expect, it } from 'vitest';
import { batchAnnotations } from './annotations.ts';
import { buildCheckOutput, conclusionFor, MAX_OUTPUT_CHARS } from './check-output.ts';
import { testFinding } from './test-finding.ts';

const base = { repoUrl: 'https://github.com/acme/gitops', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), notes: [], stats: { files: 1, resources: 1, policies: 2 } };

describe('conclusionFor', () => {
  it('fails only on new blocking findings; warnings are neutral by default; existing ones never fail', () => {
    const blocking = testFinding();
    const audit = testFinding({ action: 'Audit' });
    expect(conclusionFor({ new: [blocking], existing: [], fixed: [] })).toBe('failure');
    expect(conclusionFor({ new: [audit], existing: [], fixed: [] })).toBe('neutral');
    expect(conclusionFor({ new: [audit], existing: [], fixed: [] }, 'success')).toBe('success');
    expect(conclusionFor({ new: [], existing: [blocking], fixed: [] })).toBe('success');
  });
});

describe('buildCheckOutput', () => {
  it('links new findings to the head blob line and folds existing ones', () => {
    const out = buildCheckOutput({ ...base, classified: { new: [testFinding()], existing: [testFinding({ file: 'old.yaml', line: 4 })], fixed: [testFinding({ file: 'gone.yaml', line: 2 })] } });
    expect(out.conclusion).toBe('failure');
    expect(out.title).toBe('1 blocking finding introduced, 1 fixed');
    expect(out.summary).toContain(`(https://github.com/acme/gitops/blob/${'a'.repeat(40)}/apps/web.yaml#L16)`);
    expect(out.summary).toContain(`(https://github.com/acme/gitops/blob/${'b'.repeat(40)}/gone.yaml#L2)`);
    expect(out.summary).toMatch(/<details><summary>1 existing finding[^]*old\.yaml#L4[^]*<\/details>/);
    expect(out.summary).toMatch(/\| operations \| 0 \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
    expect(out.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['apps/web.yaml', 16, 'failure'],
      ['old.yaml', 4, 'notice'],
    ]);
    expect(out.annotations[0]).toMatchObject({ start_column: 11, end_column: 30, title: 'high · pin-tags/no-latest on Deployment/shop/web' });
  });

  it('stays within 65,535 characters with thousands of findings, and says what it left out', () => {
    const many = Array.from({ length: 3000 }, (_, i) => testFinding({ file: `apps/f${i}.yaml`, message: 'x'.repeat(200) }));
    const out = buildCheckOutput({ ...base, classified: { new: many, existing: many, fixed: [] } });
    expect(out.summary.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
    expect(out.summary).toMatch(/…and \d+ more new findings, listed as annotations\./);
    expect(out.summary.endsWith('</details>\n') || out.summary.includes('</details>')).toBe(true);
    expect(out.annotations).toHaveLength(1000);
  });

  it('escapes pipes and newlines in table cells', () => {
    const out = buildCheckOutput({ ...base, classified: { new: [testFinding({ message: 'a | b\nc' })], existing: [], fixed: [] } });
    expect(out.summary).toContain('a \\| b c');
  });
});

describe('unchecked inputs', () => {
  it('turn success into failure (neutral with failurePolicy: ignore) and are listed first, escaped', () => {
    const unchecked = [{ path: 'apps/[a](http://x)<i>.yaml', reason: 'is binary' }];
    const out = buildCheckOutput({ ...base, classified: { new: [], existing: [], fixed: [] }, unchecked });
    expect(out.conclusion).toBe('failure');
    expect(out.title).toBe('1 input not checked; no new findings');
    expect(out.summary).toMatch(/^### ❌ preadmit could not check all of this change\n\n#### Not checked \(1\)\n\n- \*\*apps\/\\\[a\\\]\\\(http:\/\/x\\\)&lt;i&gt;\\\.yaml\*\*: is binary/);
    expect(buildCheckOutput({ ...base, classified: { new: [], existing: [], fixed: [] }, unchecked, failurePolicy: 'ignore' }).conclusion).toBe('neutral');
    expect(buildCheckOutput({ ...base, classified: { new: [testFinding()], existing: [], fixed: [] }, unchecked, failurePolicy: 'ignore' }).conclusion).toBe('failure');
  });

  it('escapes file names in finding links', () => {
    const out = buildCheckOutput({ ...base, classified: { new: [testFinding({ file: 'a](http://evil)[b.yaml' })], existing: [], fixed: [] } });
    expect(out.summary).toContain(`[a\\]\\(http://evil\\)\\[b\\.yaml#L16](https://github.com/acme/gitops/blob/${'a'.repeat(40)}/a%5D%28http%3A//evil%29%5Bb.yaml#L16)`);
  });
});

describe('batchAnnotations', () => {
  it('splits into requests of at most 50 and keeps one empty batch for none', () => {
    const annotations = buildCheckOutput({ ...base, classified: { new: Array.from({ length: 120 }, () => testFinding()), existing: [], fixed: [] } }).annotations;
    expect(batchAnnotations(annotations).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batchAnnotations([])).toEqual([[]]);
  });
});
