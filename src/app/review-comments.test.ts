import { describe, expect, it } from 'vitest';
import { parseHunkRanges } from './diff-hunks.ts';
import { commentMarker, markersIn, planResolutions, planReview, RESOLVED_MARK } from './review-comments.ts';
import { testFinding } from './test-finding.ts';

const hunks = new Map([['apps/web.yaml', parseHunkRanges('@@ -10,6 +10,8 @@\n a\n+b')]]); // lines 10-17
const lines = new Map([['apps/web.yaml', Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)]]);

describe('planReview', () => {
  it('comments only on lines inside the diff hunks and keeps the rest for the check run', () => {
    const inside = testFinding({ line: 16 });
    const outside = testFinding({ line: 3, rule: 'other' });
    const plan = planReview({ findings: [inside, outside], hunks, headLines: lines, commented: new Set(), maxComments: 20 });
    expect(plan.comments).toEqual([expect.objectContaining({ path: 'apps/web.yaml', line: 16, side: 'RIGHT' })]);
    expect(plan.comments[0]!.body).toContain(`<!-- preadmit:fp=${commentMarker(inside)} -->`);
    expect(plan.notCommented).toEqual([outside]);
  });

  it('skips findings already commented, and stops at maxComments', () => {
    const a = testFinding({ rule: 'a' });
    const b = testFinding({ rule: 'b' });
    const c = testFinding({ rule: 'c' });
    const commented = markersIn([`old body <!-- preadmit:fp=${commentMarker(a)} -->`]);
    const plan = planReview({ findings: [a, b, c], hunks, headLines: lines, commented, maxComments: 1 });
    expect(plan.alreadyCommented).toEqual([a]);
    expect(plan.comments).toHaveLength(1);
    expect(plan.notCommented).toEqual([c]);
  });

  it('turns a single edit inside a hunk into a multi-line suggestion', () => {
    const f = testFinding({ line: 12, fix: { patch: [], description: 'set the tag' }, edits: [{ file: 'apps/web.yaml', startLine: 12, endLine: 13, lines: ['  image: nginx:1.27', '  pull: IfNotPresent'] }] });
    const [comment] = planReview({ findings: [f], hunks, headLines: lines, commented: new Set(), maxComments: 5 }).comments;
    expect(comment).toMatchObject({ line: 13, start_line: 12, start_side: 'RIGHT' });
    expect(comment!.body).toContain('```suggestion\n  image: nginx:1.27\n  pull: IfNotPresent\n```');
  });

  it('anchors an insertion on the line above and repeats it; edits leaving the hunk get no suggestion', () => {
    const insert = testFinding({ line: 14, edits: [{ file: 'apps/web.yaml', startLine: 15, endLine: 14, lines: ['  new: line'] }] });
    const [c1] = planReview({ findings: [insert], hunks, headLines: lines, commented: new Set(), maxComments: 5 }).comments;
    expect(c1).toMatchObject({ line: 14 });
    expect(c1!.start_line).toBeUndefined();
    expect(c1!.body).toContain('```suggestion\nline 14\n  new: line\n```');
    const spill = testFinding({ line: 16, edits: [{ file: 'apps/web.yaml', startLine: 16, endLine: 19, lines: ['x'] }] });
    const [c2] = planReview({ findings: [spill], hunks, headLines: lines, commented: new Set(), maxComments: 5 }).comments;
    expect(c2).toMatchObject({ line: 16 });
    expect(c2!.body).not.toContain('suggestion');
  });
});

describe('planReview with a resource fix shared by several findings', () => {
  it('puts the suggestion on the first finding and points the others to it', () => {
    const edits = [
      { file: 'apps/web.yaml', startLine: 12, endLine: 11, lines: ['  a: 1'] },
      { file: 'apps/web.yaml', startLine: 15, endLine: 14, lines: ['  b: 2'] },
    ];
    const first = testFinding({ line: 14, rule: 'limits', edits });
    const second = testFinding({ line: 11, rule: 'labels', edits });
    const { comments } = planReview({ findings: [first, second], hunks, headLines: lines, commented: new Set(), maxComments: 5 });
    expect(comments[0]).toMatchObject({ line: 14, start_line: 11 });
    expect(comments[0]!.body).toContain('```suggestion\nline 11\n  a: 1\nline 12\nline 13\nline 14\n  b: 2\n```');
    expect(comments[1]).toMatchObject({ line: 11 });
    expect(comments[1]!.body).toContain('The suggested fix on line 14 fixes this too.');
    expect(comments[1]!.body).not.toContain('```suggestion');
  });
});

describe('planResolutions', () => {
  const gone = testFinding({ line: 12, rule: 'gone-rule' });
  const kept = testFinding({ line: 14, rule: 'kept-rule' });
  const body = (f: ReturnType<typeof testFinding>): string => `finding\n<!-- preadmit:fp=${commentMarker(f)} -->`;

  it('marks comments whose finding is gone, once, and keeps the others', () => {
    const comments = [
      { id: 1, body: body(gone) },
      { id: 2, body: body(kept) },
      { id: 3, body: 'a human comment' },
      { id: 4, body: `${body(gone)}\n${RESOLVED_MARK}` },
    ];
    const updates = planResolutions(comments, [kept], 'abcdef1234567');
    expect(updates.map((u) => u.id)).toEqual([1]);
    expect(updates[0]?.body).toMatch(/^✅ \*\*Resolved\*\* in abcdef1/);
    expect(updates[0]?.body).toContain(RESOLVED_MARK);
    // a resolved comment no longer counts as commented: the finding is commented again if it returns
    expect(markersIn([updates[0]?.body ?? ''])).toEqual(new Set());
  });
});
