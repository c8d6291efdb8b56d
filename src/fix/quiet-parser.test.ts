import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlOptions } from '../manifest/yaml-options.ts';
import { parseAllQuietly, quietParsing } from './quiet-parser.ts';
import { CORPUS, corpusYamlFiles } from '../../test/corpus-files.ts';

/** Everything planning reads of a parse: values, errors, node ranges and source tokens. */
function summary(docs: readonly { toJS(): unknown; errors: { message: string }[]; warnings: unknown[]; contents: unknown }[]): string {
  return JSON.stringify(
    docs.map((doc) => [doc.toJS(), doc.errors.map((e) => e.message), doc.warnings.length, doc.contents]),
    (key, value: unknown) => (key === 'srcToken' ? JSON.stringify(value) : typeof value === 'symbol' ? String(value) : value),
  );
}

function agree(text: string, dialect: 'kubernetes' | 'json' = 'kubernetes'): boolean {
  const options = { ...yamlOptions(dialect), keepSourceTokens: true };
  const plain = parseAllDocuments(text, options);
  return summary(Array.isArray(plain) ? plain : []) === summary(parseAllQuietly(text, options));
}

describe('parseAllQuietly', () => {
  it('is in use with the installed yaml package', () => {
    expect(quietParsing).toBe(true);
  });

  it('parses as parseAllDocuments parses, errors included', () => {
    const texts = [
      'a: 1\n',
      '%YAML 1.1\n---\na: &x [1, {b: 2}]\nc: *x\n...\n--- |\n  text\n',
      '- a\n-   - b\n    - c\n- k: v\n  l: "w"\n',
      'a: b: c\n',
      '[unclosed\n',
      '\t- tab\n',
      '',
      '# only a comment\n',
      'key: >-\n  folded\n  text\n\nnext: \'q\'\n',
    ];
    for (const text of texts) expect(agree(text), JSON.stringify(text)).toBe(true);
    expect(agree('{"a": [1, 2, {"b": null}]}', 'json')).toBe(true);
  });

  it.skipIf(!existsSync(CORPUS))('parses the corpus files as parseAllDocuments parses them', () => {
    const files = corpusYamlFiles();
    const sample = files.filter((_, i) => i % 10 === 0).map((file) => ({ file, text: readFileSync(file, 'utf8') })).filter(({ text }) => text.length < 100_000);
    expect(sample.length).toBeGreaterThan(50);
    expect(sample.filter(({ text }) => !agree(text)).map(({ file }) => file)).toEqual([]);
  }, 120_000);
});
