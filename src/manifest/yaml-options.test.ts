import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { sharedYamlOptions, yamlOptions, type YamlDialect } from './yaml-options.ts';

/** Every document's value, errors and warnings, as the options read them. */
function read(text: string, options: ReturnType<typeof yamlOptions>): unknown {
  return parseAllDocuments(text, options).map((doc) => ({
    value: doc.toJS({ maxAliasCount: -1 }) as unknown,
    errors: doc.errors.map((e) => e.message),
    warnings: doc.warnings.map((w) => w.message),
  }));
}

// texts whose scalars, tags and directives the two schemas (YAML 1.1 and 1.2 core) read differently
const TEXTS = [
  'a: yes\nb: on\nc: 0644\nd: 1:30\ne: 2001-12-14t21:59:43.10-05:00\nf: ~\n',
  'base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n',
  'a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: !!omap [x: 1]\nd: !!timestamp 2001-12-14\n',
  '%YAML 1.2\n---\na: yes\nb: 0644\nc: !!binary aGVsbG8=\n---\nd: on\n',
  '%YAML 1.1\n---\na: yes\n',
  'a: !!str 1\nb: !!int "2"\nc: !custom x\n',
  '- on\n- off\n- !!float 1\n---\n- y\n- n\n',
];

describe('sharedYamlOptions', () => {
  for (const dialect of ['kubernetes', 'json'] as YamlDialect[]) {
    it(`reads every text as yamlOptions('${dialect}') does`, () => {
      for (const text of TEXTS) {
        // twice: what one text's documents do to a shared schema must not show in the next
        for (let round = 0; round < 2; round++) {
          expect(read(text, sharedYamlOptions(dialect, text)), text).toEqual(read(text, yamlOptions(dialect)));
        }
      }
    });
  }

  it('shares one schema among the kubernetes texts without a %YAML directive, and leaves it as it was', () => {
    const plain = sharedYamlOptions('kubernetes', 'a: 1\n');
    const schema = plain.schema;
    expect(typeof schema).toBe('object');
    const tags = (schema as unknown as { tags: unknown[] }).tags.length;
    for (const text of TEXTS) if (!text.includes('%YAML')) read(text, sharedYamlOptions('kubernetes', text));
    expect(sharedYamlOptions('kubernetes', 'b: 2\n').schema).toBe(schema);
    expect((schema as unknown as { tags: unknown[] }).tags.length).toBe(tags);
    // a text that may declare its version gets each document its own schema
    expect(typeof sharedYamlOptions('kubernetes', '%YAML 1.2\n---\na: 1\n').schema).toBe('string');
    expect(typeof sharedYamlOptions('json', '{"a": 1}').schema).toBe('string');
  });

  it('adds the extra options', () => {
    expect(sharedYamlOptions('kubernetes', 'a: 1\n', { keepSourceTokens: true }).keepSourceTokens).toBe(true);
    expect(sharedYamlOptions('kubernetes', 'a: 1\n').keepSourceTokens).toBeUndefined();
  });
});
