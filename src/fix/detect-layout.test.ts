import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { detectLayout } from './detect-layout.ts';

const layoutOf = (text: string, target = 0) => detectLayout(text, parseAllDocuments(text, { keepSourceTokens: true }) as never, target, false);

describe('detectLayout', () => {
  it('reads the indent unit, the sequence offset and the quotes of the document', () => {
    expect(layoutOf("a:\n    b:\n        c: 'x'\n    l:\n    - 1\n")).toEqual({ unit: 4, seqOffset: 0, quote: 'single', json: false });
    expect(layoutOf('a:\n  b: "x"\n  l:\n    - 1\n')).toEqual({ unit: 2, seqOffset: 2, quote: 'double', json: false });
  });

  it('prefers the target document and falls back to the others, then to defaults', () => {
    const text = 'a:\n    b: 1\n---\nc: 1\n---\nd:\n  e: 1\n';
    expect(layoutOf(text, 1).unit).toBe(2); // no evidence in document 1: the file's ties go to the smaller unit
    expect(layoutOf(text, 0).unit).toBe(4);
    expect(layoutOf('x: 1\n')).toEqual({ unit: 2, seqOffset: 0, quote: 'double', json: false });
  });
});
