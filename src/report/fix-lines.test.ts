import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { fixLines } from './fix-lines.ts';
import { sampleFindings } from './sample-findings.ts';

function base(): Finding {
  const finding = { ...sampleFindings()[0]! };
  delete finding.fix;
  delete finding.edits;
  return finding;
}

describe('fixLines', () => {
  it('is empty without fix data', () => {
    expect(fixLines(base())).toEqual([]);
  });

  it('shows the JSON patch when no text edits were made', () => {
    const finding: Finding = {
      ...base(),
      fix: {
        description: 'Drop privileges.',
        patch: [
          { op: 'replace', path: '/spec/a', value: { b: false } },
          { op: 'remove', path: '/spec/c' },
          { op: 'move', path: '', from: '/x' },
        ],
      },
    };
    expect(fixLines(finding)).toEqual(['fix: Drop privileges.', '  replace /spec/a: {"b":false}', '  remove /spec/c', '  move / from /x']);
  });

  it('describes replacements, deletions, insertions and edits in other files', () => {
    const finding: Finding = {
      ...base(),
      edits: [
        { file: 'apps/web/deployment.yaml', startLine: 3, endLine: 4, lines: ['a: 1'] },
        { file: 'apps/web/deployment.yaml', startLine: 9, endLine: 9, lines: [] },
        { file: 'apps/web/kustomization.yaml', startLine: 2, endLine: 1, lines: ['x', 'y'] },
      ],
    };
    expect(fixLines(finding)).toEqual([
      'fix: automatic fix available',
      '  @@ replace lines 3-4 with',
      '  + a: 1',
      '  @@ delete line 9',
      '  @@ apps/web/kustomization.yaml insert before line 2',
      '  + x',
      '  + y',
    ]);
  });
});
