import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../core/finding.ts';
import { editsBetween } from './line-diff.ts';
import { unifiedDiff } from './unified-diff.ts';

/** A small seeded generator, so a failure names its case. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BASE = Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? '---' : `  key${i % 5}: value ${i % 3}`));

/** A text and an edited copy: lines replaced, inserted and removed at random places, the last line break kept or not. */
function variant(seed: number): { before: string; after: string } {
  const next = random(seed);
  const lines = BASE.slice(0, 10 + Math.floor(next() * 50));
  const edited = [...lines];
  const changes = 1 + Math.floor(next() * 8);
  for (let c = 0; c < changes; c++) {
    const at = Math.floor(next() * (edited.length + 1));
    const kind = next();
    if (kind < 0.4) edited.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => `  added${c}-${k}: x`));
    else if (kind < 0.7) edited.splice(at, 1 + Math.floor(next() * 2));
    else edited.splice(at, 1, `  changed${c}: y`, ...(next() < 0.5 ? [`  key1: value 2`] : []));
  }
  const end = (text: string[], finalBreak: boolean): string => text.join('\n') + (finalBreak ? '\n' : '');
  return { before: end(lines, next() < 0.8), after: end(edited, next() < 0.8) };
}

describe('unifiedDiff from the planner\'s edits', () => {
  /** The changed lines of a diff: how many are removed and added. */
  const size = (diff: string): [number, number] => {
    const lines = diff.split('\n').slice(2);
    return [lines.filter((l) => l.startsWith('-')).length, lines.filter((l) => l.startsWith('+')).length];
  };

  it('shows the line edits between the texts: a diff that applies, as small as the text diff, nearly always the same text', () => {
    let same = 0;
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { before, after } = variant(seed);
      const edits = editsBetween('f.yaml', before, after);
      const textDiff = unifiedDiff('f.yaml', before, after);
      const made = unifiedDiff('f.yaml', before, after, edits);
      if (textDiff === '') {
        expect(made).toBe('');
        continue;
      }
      compared++;
      expect(applyPatch(before, made), `seed ${seed}`).toBe(after);
      expect(size(made), `seed ${seed}`).toEqual(size(textDiff));
      if (made === textDiff) same++;
    }
    expect(compared).toBeGreaterThan(350);
    // where the two line diffs align a repeated line alike (nearly always), the text is the same
    expect(same / compared).toBeGreaterThan(0.95);
  });

  it('is linear in the file: a file of thousands of changed documents gives its diff at once', () => {
    const documents = 3_000;
    const before = Array.from({ length: documents }, (_, i) => `kind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`).join('---\n');
    const after = Array.from({ length: documents }, (_, i) => `kind: ConfigMap\nmetadata:\n  name: c${i}\n  labels: {app: c${i}}\ndata:\n  k: v\n`).join('---\n');
    const edits: TextEdit[] = Array.from({ length: documents }, (_, i) => ({ file: 'f.yaml', startLine: 6 * i + 4, endLine: 6 * i + 3, lines: [`  labels: {app: c${i}}`] }));
    const diff = unifiedDiff('f.yaml', before, after, edits);
    expect(diff.split('\n').filter((line) => line.startsWith('+  labels')).length).toBe(documents);
    expect(applyPatch(before, diff)).toBe(after);
  });

  it('diffs the texts when the edits do not make the one of the other', () => {
    const before = 'a: 1\nb: 2\nc: 3\n';
    const after = 'a: 1\nb: 20\nc: 3\n';
    const wrong: TextEdit[] = [{ file: 'f.yaml', startLine: 1, endLine: 1, lines: ['a: 10'] }];
    expect(unifiedDiff('f.yaml', before, after, wrong)).toBe(unifiedDiff('f.yaml', before, after));
    const outside: TextEdit[] = [{ file: 'f.yaml', startLine: 9, endLine: 9, lines: ['z'] }];
    expect(unifiedDiff('f.yaml', before, after, outside)).toBe(unifiedDiff('f.yaml', before, after));
  });
});
