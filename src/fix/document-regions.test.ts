import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentRegions } from './document-regions.ts';
import { CORPUS, corpusYamlFiles } from '../../test/corpus-files.ts';

/** What the yaml package makes of each region alone must be what it makes of that document in the stream. */
function agrees(text: string): boolean {
  const docs = parseAllDocuments(text, { logLevel: 'silent' });
  const regions = documentRegions(text);
  if (!Array.isArray(docs) || docs.length !== regions.length) return false;
  return regions.every((r, i) => {
    const alone = parseAllDocuments(text.slice(r.start, r.end), { logLevel: 'silent' });
    return Array.isArray(alone) && alone.length === 1 && JSON.stringify(alone[0]?.toJS()) === JSON.stringify(docs[i]?.toJS());
  });
}

describe('documentRegions', () => {
  it('counts documents as the composer does', () => {
    const cases = [
      '',
      '# only a comment\n',
      'a: 1\n',
      '# head\n---\na: 1\n---\n---\nb: 2\n',
      'a: 1\n---\nb: 2',
      '%YAML 1.1\n---\na: 1\n...\n# between\n---\nb: 1\n',
      'a: 1\n...\n# trailing\n',
      'a: 1\n...\nb: 2\n',
      'a: |\n  text\n---\nb: 1\n',
      '--- # c\na: 1\n--- !!map\nb: 1\n',
      '\uFEFFa: 1\n---\nb: 2\n',
      'a: 1\r\n---\r\nb: 2\r\n',
      "a: '---'\n---x: 1\n",
    ];
    for (const text of cases) expect(agrees(text), JSON.stringify(text)).toBe(true);
    expect(documentRegions('x: 1\n---\ny: 2\n')).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 14 },
    ]);
  });

  it.skipIf(!existsSync(CORPUS))('agrees with the yaml package on the corpus files', () => {
    const files = corpusYamlFiles();
    // Files with markers or directives are where counting can go wrong.
    const texts = files.map((file) => ({ file, text: readFileSync(file, 'utf8') })).filter(({ text }) => text.length < 100_000 && /^(---|\.\.\.|%)/m.test(text));
    const sample = texts.filter((_, i) => i % 4 === 0); // a quarter keeps the suite fast
    const disagree = sample.filter(({ text }) => !agrees(text)).map(({ file }) => file);
    expect(sample.length).toBeGreaterThan(50);
    expect(disagree).toEqual([]);
  });
});
