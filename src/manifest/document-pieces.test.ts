import { describe, expect, it } from 'vitest';
import { documentPiece, type PieceStart } from './document-pieces.ts';
import { parseManifestText } from './parse.ts';
import { locatePointer } from '../locate/locate.ts';

const doc = (i: number): string =>
  [
    `# resource ${i}`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: cm-${i}`,
    'data:',
    `  key: "value ${i}"`,
    ...(i % 3 === 0 ? ['  text: |', '    line one', '    line two'] : []),
  ].join('\n');

/** Documents with comments, an empty document, an explicit end and a broken one. */
function stream(): string {
  const parts: string[] = [];
  for (let i = 0; i < 30; i++) {
    if (i === 7) parts.push('---\n# nothing here\n');
    if (i === 12) parts.push(`---\n${doc(i)}\n...\n`);
    else if (i === 20) parts.push('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n');
    else parts.push(`${i === 0 ? '' : '---\n'}${doc(i)}\n`);
  }
  return parts.join('');
}

const seen = (text: string, at?: PieceStart) => {
  const parsed = parseManifestText('all.yaml', text, undefined, undefined, at);
  return {
    resources: parsed.resources.map((r) => ({
      object: r.object,
      index: r.origin.documentIndex,
      name: locatePointer(r.origin, '/metadata/name').range,
      data: locatePointer(r.origin, '/data').range,
      whole: locatePointer(r.origin, '').range,
    })),
    problems: parsed.problems,
    skipped: parsed.skipped,
  };
};

describe('documentPiece', () => {
  it('pieces read as the whole file: the same resources, document indexes, lines and problems', () => {
    const text = stream();
    const whole = seen(text);
    for (const of of [2, 3, 5]) {
      const pieces = Array.from({ length: of }, (_, i) => documentPiece('all.yaml', text, i, of, 100_000)).filter((p) => p !== undefined);
      expect(pieces.length).toBeGreaterThan(1);
      // each piece is its own documents' text, nothing before them
      expect(pieces.reduce((n, p) => n + p.text.length, 0)).toBe(text.length);
      const read = pieces.map((p) => seen(p.text, p.at));
      expect(read.flatMap((r) => r.resources)).toEqual(whole.resources);
      expect(read.flatMap((r) => r.problems)).toEqual(whole.problems);
      expect(read.reduce((n, r) => n + r.skipped, 0)).toBe(whole.skipped);
    }
    expect(whole.resources.length).toBe(29);
    expect(whole.problems.length).toBe(1);
  });

  it('leaves a file it cannot cut whole in piece 0: JSON, one document, over the document limit', () => {
    const text = stream();
    expect(documentPiece('a.json', '{"apiVersion": "v1"}', 0, 3, 100_000)).toEqual({ text: '{"apiVersion": "v1"}', whole: true });
    expect(documentPiece('a.json', '{"apiVersion": "v1"}', 1, 3, 100_000)).toBeUndefined();
    expect(documentPiece('one.yaml', doc(1), 0, 4, 100_000)?.whole).toBe(true);
    expect(documentPiece('one.yaml', doc(1), 2, 4, 100_000)).toBeUndefined();
    expect(documentPiece('all.yaml', text, 0, 3, 10)).toEqual({ text, whole: true });
    expect(documentPiece('all.yaml', text, 1, 3, 10)).toBeUndefined();
  });

  it('a piece that stops at a limit says so (the file is then read whole)', () => {
    const deep = `${'a:\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n')}\n`;
    const text = `${doc(1)}\n---\n${doc(2)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  ${deep.replaceAll('\n', '\n  ')}\n---\n${doc(4)}\n`;
    const last = documentPiece('all.yaml', text, 1, 2, 100_000);
    expect(last?.whole).toBe(false);
    expect(parseManifestText('all.yaml', last?.text ?? '', undefined, undefined, last?.at).stopped).toBe(true);
    expect(parseManifestText('all.yaml', text).stopped).toBe(true);
  });

  it('cuts a file again when its text changes (the last file cut is remembered by its whole text)', () => {
    const a = stream();
    // the same path, other content: longer lines, so the cuts move
    const b = stream().replaceAll('cm-', 'a-much-longer-config-map-name-');
    const piecesOf = (path: string, text: string) => Array.from({ length: 3 }, (_, i) => documentPiece(path, text, i, 3, 100_000));
    let fresh = 0;
    for (const text of [a, b, a, a, b]) {
      const got = piecesOf('all.yaml', text);
      // a path never cut before: cut afresh
      const expected = piecesOf(`fresh-${fresh++}.yaml`, text);
      expect(got).toEqual(expected);
      expect(got.map((p) => p?.text ?? '').join('')).toBe(text);
    }
    expect(piecesOf('x.yaml', a)).not.toEqual(piecesOf('x.yaml', b));
  });
});
