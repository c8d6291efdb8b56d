import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.ts';
import { editsBetween } from './line-diff.ts';

describe('editsBetween', () => {
  it('gives one edit for each run of changed lines', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nB\nc\nd\nd2\ne\n';
    expect(editsBetween('f', before, after)).toEqual([
      { file: 'f', startLine: 2, endLine: 2, lines: ['B'] },
      { file: 'f', startLine: 5, endLine: 4, lines: ['d2'] },
    ]);
    expect(editsBetween('f', before, before)).toEqual([]);
    expect(editsBetween('f', before, 'a\ne\n')).toEqual([{ file: 'f', startLine: 2, endLine: 4, lines: [] }]);
  });

  it('round-trips through applyEdits for generated texts', () => {
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: random(12) }, () => 'abcd'[random(4)] ?? 'a');
      const changed = [...lines];
      for (let k = random(4); k > 0; k--) {
        const at = random(changed.length + 1);
        if (random(2) === 0) changed.splice(at, 1);
        else changed.splice(at, 0, 'xyz'[random(3)] ?? 'x');
      }
      const before = lines.join('\n') + (random(2) ? '\n' : '');
      const after = changed.join('\n') + (before.endsWith('\n') && changed.length > 0 ? '\n' : '');
      expect(applyEdits(before, editsBetween('f', before, after))).toEqual({ ok: true, value: after });
    }
  });
});
