import { describe, expect, it } from 'vitest';
import { cell, formatMarkdown } from './markdown.ts';
import { sampleFindings } from './sample-findings.ts';

describe('formatMarkdown (job summary)', () => {
  it('says what blocks and lists every finding in a table', () => {
    const findings = sampleFindings();
    const md = formatMarkdown(findings);
    expect(md.startsWith('## preadmit\n\n⛔ **2 blocking findings**')).toBe(true);
    const tableRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'));
    expect(tableRows).toHaveLength(findings.length);
    expect(md).toContain('| ⛔ blocking | `apps/web/deployment.yaml:21` | disallow-privileged-containers/privileged-containers | high | Privileged mode is disallowed.');
  });

  it('counts new, existing and fixed against a base, with the fixed ones folded', () => {
    const [a, b, c] = sampleFindings();
    const md = formatMarkdown([{ ...a!, classification: 'new' }, { ...b!, classification: 'existing' }], { fixed: [c!], blocks: (f) => f.classification === 'new' });
    expect(md).toContain('Against the base: **1 new**, 1 existing, 1 fixed.');
    expect(md).toContain('| ⛔ blocking, new |');
    expect(md).toContain('<details><summary>Fixed by this change</summary>');
    expect(md).toContain('`apps/api/service.yaml:4`');
  });

  it('says so when nothing was found, and keeps a table cell on one line', () => {
    expect(formatMarkdown([])).toBe('## preadmit\n\n✅ No findings.\n');
    expect(cell('a | b\n<c>')).toBe('a \\| b &lt;c&gt;');
  });

  it('caps the table and says how many more there are', () => {
    const md = formatMarkdown(sampleFindings(), { maxRows: 2 });
    expect(md).toContain('…and 3 more');
  });
});
