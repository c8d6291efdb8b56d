import { describe, expect, it } from 'vitest';
import { suggestionSpan } from './suggestion-span.ts';

const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const hunks = [{ start: 1, end: 25 }];
const edit = (startLine: number, endLine: number, ...text: string[]) => ({ file: 'a.yaml', startLine, endLine, lines: text });

describe('suggestionSpan', () => {
  it('covers several insertions of one resource with the lines between them', () => {
    expect(suggestionSpan([edit(21, 20, '  resources: {}'), edit(17, 16, '  label: x')], hunks, lines)).toEqual({
      start: 16,
      end: 20,
      lines: ['line 16', '  label: x', 'line 17', 'line 18', 'line 19', 'line 20', '  resources: {}'],
    });
  });

  it('mixes replacements and insertions', () => {
    expect(suggestionSpan([edit(3, 4, 'new 3'), edit(6, 5, 'ins')], hunks, lines)).toEqual({ start: 3, end: 5, lines: ['new 3', 'line 5', 'ins'] });
  });

  it('offers nothing when the span leaves the hunk, is too long, or the edits overlap', () => {
    expect(suggestionSpan([edit(24, 26, 'x')], hunks, lines)).toBeUndefined();
    expect(suggestionSpan([edit(2, 1, 'a'), edit(60, 59, 'b')], [{ start: 1, end: 100 }], Array.from({ length: 100 }, String))).toBeUndefined();
    expect(suggestionSpan([edit(3, 5, 'x'), edit(4, 4, 'y')], hunks, lines)).toBeUndefined();
    expect(suggestionSpan([], hunks, lines)).toBeUndefined();
  });
});
