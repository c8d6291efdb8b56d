import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlOptions } from '../manifest/yaml-options.ts';
import { plainJs, plainJson } from './plain-json.ts';
import { CORPUS, corpusYamlFiles } from '../../test/corpus-files.ts';

/** Equal as values, with the same key order and the same zeros. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/**
 * For each document: whether plainJson built it, and whether what it built is its JSON read
 * through JSON text; and the same for plainJs and what the package's toJS gives.
 */
function check(text: string): { built: number; wrong: number } {
  let built = 0;
  let wrong = 0;
  for (const doc of parseAllDocuments(text, yamlOptions('kubernetes'))) {
    if (doc.errors.length > 0) continue;
    const plain = plainJson(doc.contents ?? null);
    const js = plainJs(doc.contents ?? null);
    expect(js === undefined, text).toBe(plain === undefined);
    if (plain === undefined) continue;
    built++;
    const value: unknown = doc.toJS({ maxAliasCount: 10_000 }) ?? null;
    if (!same(plain, JSON.parse(JSON.stringify(value)))) wrong++;
    if (!same(js, value)) wrong++;
  }
  return { built, wrong };
}

describe('plainJson and plainJs', () => {
  it('builds what reading through JSON text gives: key order, zeros, YAML 1.1 scalars', () => {
    const text = 'b: 1\n"10": x\na: [-0, 0.5, 0o7, 0644, on, ~, "s"]\n"2": {c: [], d: {}}\ntoString: t\n---\n- -0\n---\n';
    expect(check(text)).toEqual({ built: 3, wrong: 0 });
  });

  it('leaves aside what is not plain JSON: aliases, merge keys, other keys, infinities', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'b: &b {x: 1}\nm:\n  <<: *b\n', '1: one\n', 'a: .inf\n', '? [a]\n: b\n', '__proto__: 1\n']) {
      expect(check(text), text).toEqual({ built: 0, wrong: 0 });
    }
  });

  it.skipIf(!existsSync(CORPUS))('builds the JSON of the corpus documents', () => {
    const files = corpusYamlFiles();
    let built = 0;
    for (const file of files.filter((_, i) => i % 5 === 0)) {
      const text = readFileSync(file, 'utf8');
      if (text.length > 100_000) continue;
      const result = check(text);
      expect(result.wrong, file).toBe(0);
      built += result.built;
    }
    expect(built).toBeGreaterThan(100);
  }, 120_000);
});
