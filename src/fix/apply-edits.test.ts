import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../core/finding.ts';
import { applyEdits } from './apply-edits.ts';

const edit = (startLine: number, endLine: number, lines: string[]): TextEdit => ({ file: 'f.yaml', startLine, endLine, lines });
const text = 'one\ntwo\nthree\n';

describe('applyEdits', () => {
  it('replaces, deletes and inserts, bottom-up with original line numbers', () => {
    const out = applyEdits(text, [edit(1, 1, ['ONE', 'one-and-a-half']), edit(3, 3, []), edit(3, 2, ['two-and-a-half'])]);
    expect(out).toEqual({ ok: true, value: 'ONE\none-and-a-half\ntwo\ntwo-and-a-half\n' });
  });

  it('puts an insertion before a replacement that starts on the same line', () => {
    expect(applyEdits(text, [edit(2, 2, ['TWO']), edit(2, 1, ['new'])])).toEqual({ ok: true, value: 'one\nnew\nTWO\nthree\n' });
  });

  it('appends after the last line, with or without a final line break', () => {
    expect(applyEdits(text, [edit(4, 3, ['four'])])).toEqual({ ok: true, value: 'one\ntwo\nthree\nfour\n' });
    expect(applyEdits('one\ntwo', [edit(3, 2, ['three'])])).toEqual({ ok: true, value: 'one\ntwo\nthree' });
    expect(applyEdits('', [edit(1, 0, ['a: 1'])])).toEqual({ ok: true, value: 'a: 1\n' });
  });

  it('keeps CRLF line endings', () => {
    expect(applyEdits('a\r\nb\r\n', [edit(2, 1, ['x'])])).toEqual({ ok: true, value: 'a\r\nx\r\nb\r\n' });
  });

  it('rejects overlapping, ambiguous, out-of-range and multi-file edits', () => {
    expect(applyEdits(text, [edit(1, 2, ['x']), edit(2, 3, ['y'])]).ok).toBe(false);
    expect(applyEdits(text, [edit(2, 1, ['x']), edit(2, 1, ['y'])]).ok).toBe(false);
    expect(applyEdits(text, [edit(1, 3, []), edit(2, 1, ['inside'])]).ok).toBe(false);
    expect(applyEdits(text, [edit(4, 4, ['x'])]).ok).toBe(false);
    expect(applyEdits(text, [edit(0, 0, ['x'])]).ok).toBe(false);
    expect(applyEdits(text, [edit(3, 1, [])]).ok).toBe(false);
    expect(applyEdits(text, [edit(1, 1, []), { ...edit(3, 3, []), file: 'g.yaml' }]).ok).toBe(false);
  });
});
