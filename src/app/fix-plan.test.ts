import { describe, expect, it } from 'vitest';
import { planFixes } from './fix-plan.ts';
import { testFinding } from './test-finding.ts';

const text = 'a: 1\nb: 2\nc: 3\n';

describe('planFixes', () => {
  it('applies the edits of several findings to each file', () => {
    const one = testFinding({ file: 'x.yaml', edits: [{ file: 'x.yaml', startLine: 1, endLine: 1, lines: ['a: 10'] }] });
    const two = testFinding({ file: 'x.yaml', rule: 'r2', edits: [{ file: 'x.yaml', startLine: 4, endLine: 3, lines: ['d: 4'] }] });
    const none = testFinding({ file: 'y.yaml' });
    const plan = planFixes([one, two, none], new Map([['x.yaml', text], ['y.yaml', text]]));
    expect(plan.files).toEqual([{ path: 'x.yaml', text: 'a: 10\nb: 2\nc: 3\nd: 4\n' }]);
    expect(plan.applied).toEqual([one, two]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a file whose edits collide or that was not read, and still fixes the others', () => {
    const a = testFinding({ file: 'x.yaml', edits: [{ file: 'x.yaml', startLine: 1, endLine: 2, lines: ['z: 0'] }] });
    const b = testFinding({ file: 'x.yaml', rule: 'r2', edits: [{ file: 'x.yaml', startLine: 2, endLine: 3, lines: ['q: 0'] }] });
    const c = testFinding({ file: 'w.yaml', edits: [{ file: 'w.yaml', startLine: 2, endLine: 2, lines: ['b: 20'] }] });
    const d = testFinding({ file: 'gone.yaml', edits: [{ file: 'gone.yaml', startLine: 1, endLine: 1, lines: [''] }] });
    const plan = planFixes([a, b, c, d], new Map([['x.yaml', text], ['w.yaml', text]]));
    expect(plan.files.map((f) => f.path)).toEqual(['w.yaml']);
    expect(plan.skipped.map((s) => s.file)).toEqual(['gone.yaml', 'x.yaml']);
    expect(plan.skipped[1]!.reason).toMatch(/overlap/);
  });
});
