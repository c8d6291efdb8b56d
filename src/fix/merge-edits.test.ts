import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../core/finding.ts';
import { mergeEdits } from './merge-edits.ts';

const edit = (startLine: number, endLine: number, lines: string[], file = 'f.yaml'): TextEdit => ({ file, startLine, endLine, lines });

describe('mergeEdits', () => {
  it('drops duplicates and joins edits on touching lines', () => {
    const merged = mergeEdits([edit(5, 5, ['e']), edit(2, 2, ['b']), edit(3, 2, ['b2']), edit(2, 2, ['b']), edit(3, 3, ['c'])]);
    expect(merged).toEqual({ ok: true, value: [edit(2, 3, ['b', 'b2', 'c']), edit(5, 5, ['e'])] });
  });

  it('keeps files apart', () => {
    const merged = mergeEdits([edit(1, 1, ['x'], 'b.yaml'), edit(1, 1, ['y'], 'a.yaml')]);
    expect(merged.ok && merged.value.map((e) => e.file)).toEqual(['b.yaml', 'a.yaml']);
  });

  it('reports overlapping edits without the fixes they came from', () => {
    const merged = mergeEdits([edit(2, 3, ['x']), edit(3, 4, ['y'])]);
    expect(merged.ok).toBe(false);
    expect(mergeEdits([edit(2, 1, ['x']), edit(2, 1, ['y'])]).ok).toBe(false);
  });

  it('derives overlapping edits again from the fixes', () => {
    const text = 'a:\n  b: 1\n';
    const fixes = [
      { documentIndex: 0, patch: [{ op: 'add' as const, path: '/a/c', value: 2 }] },
      { documentIndex: 0, patch: [{ op: 'add' as const, path: '/a/d', value: 3 }] },
    ];
    const merged = mergeEdits([edit(3, 2, ['  c: 2']), edit(3, 2, ['  d: 3'])], [{ file: 'f.yaml', text, fixes }]);
    expect(merged).toEqual({ ok: true, value: [edit(3, 2, ['  c: 2', '  d: 3'])] });
  });
});
