import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { JsonValue } from '../src/core/json.ts';
import { quickReading, readsBackQuickly, UNCERTAIN } from '../src/fix/fast-read-back.ts';
import { documentJson } from '../src/fix/yaml-source.ts';
import { yamlOptions } from '../src/manifest/yaml-options.ts';
import { CORPUS, corpusYamlFiles } from './corpus-files.ts';
import { seededRandom } from './seeded-random.ts';

/** How the manifest reader reads a text: its documents' JSON, or undefined when `yaml` reports an error or a document is not JSON. */
function manifestReading(text: string): JsonValue[] | undefined {
  const docs = parseAllDocuments(text, yamlOptions('kubernetes'));
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((doc) => doc.errors.length > 0)) return undefined;
  const values: JsonValue[] = [];
  for (const doc of list) {
    const value = documentJson(doc);
    if (!value.ok) return undefined;
    values.push(value.value);
  }
  return values;
}

/** The property the fix planner relies on: a quick reading, when there is one, is the manifest reader's; none when `yaml` rejects the text. */
function agreesWithManifestReader(text: string): 'quick' | 'left to yaml' {
  const quick = quickReading(text);
  if (quick === undefined) return 'left to yaml';
  expect(manifestReading(text), JSON.stringify(text)).toEqual(quick);
  return 'quick';
}

describe('quick read-back of an edited text', () => {
  it('confirms a manifest that reads as expected, and only then', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web  # the app\n  labels: {app: web, tier: "1"}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      args: ["--port", "80"]\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 1000\n';
    const expected = manifestReading(text);
    expect(expected).toBeDefined();
    expect(readsBackQuickly(text, expected!)).toBe(true);
    const wrong = structuredClone(expected!) as [{ spec: { containers: [{ securityContext: { runAsUser: number } }] } }];
    wrong[0].spec.containers[0].securityContext.runAsUser = 1001;
    expect(readsBackQuickly(text, wrong)).toBe(false);
    expect(readsBackQuickly(text, [...expected!, null])).toBe(false);
    expect(readsBackQuickly(`${text}---\nkind: B\n`, expected!)).toBe(false);
  });

  it('resolves plain scalars as kubectl does (YAML 1.1), by the manifest schema itself', () => {
    const scalars = ['on', 'Off', 'yes', 'y', 'N', 'true', 'FALSE', '0644', '0x1F', '0b101', '1_000', '-12', '+7', '1.50', '1e3', '6.02e+23', '.5', '~', 'null', '', '12:30', '1:20:30.5', '2024-01-01', '2001-12-14t21:59:43.10-05:00', '"on"', "'0644'", 'v1.27', '100m', '128Mi', 'nginx:latest', '-', '.inf', '.NaN'];
    const nullKey = new Set(['', '~', 'null']);
    const left = scalars.filter((scalar) => agreesWithManifestReader(`v: ${scalar}\nlist:\n  - ${scalar}\n${nullKey.has(scalar) ? '' : `${scalar}: key\n`}`) === 'left to yaml');
    // every scalar a resource can hold is read quickly; .inf and .nan are not JSON, and `- -: key`
    // has what looks like an empty key: left to yaml
    expect(left).toEqual(['-', '.inf', '.NaN']);
    expect(quickReading('v: on\n')).toEqual([{ v: true }]);
    expect(quickReading('v: 0644\n')).toEqual([{ v: 420 }]);
    expect(quickReading('v: 12:30\n')).toEqual([{ v: '12:30' }]);
  });

  it('gives no reading of a text `yaml` rejects, nor of one where the two parsers may differ', () => {
    const rejected = ['a: "b"#c\n', "a: 'b'c\n", 'a: b\n b: c\n', 'a:\n  - b\n  c: d\n', 'a: |\n    \n  x\n', 'a: "x\n\ty"\n', 'a: x: y\n', 'a: - b\n', 'k: @x\n', 'key: "a\\q"\n', 'a: 1\na: 2\n'];
    for (const text of rejected) {
      expect(manifestReading(text), text).toBeUndefined();
      expect(quickReading(text), text).toBeUndefined();
    }
    const uncertain = ['a: &x 1\nb: *x\n', 'a:\n  - &x 1\n  - *x\n', 'a:\n  &x b: 1\n', 'a: [&x 1, *x]\n', 'a: {b: &x 1, c: *x}\n', '--- &d\na: 1\n', 'a:\n  !!str b: 1\n', 'base: &b {x: 1}\nc:\n  <<: *b\n', 'a: !!str 1\n', '%YAML 1.1\n---\na: 1\n', 'a:\tb\n', '? a\n: b\n', 'k:\n  [a,\n   b]\n', 'k: [a,\n b]\n', '__proto__: {}\n', 'k: {{v}}\n', '[a, b]: c\n', 'k: {a: [1, 2]}\n', '~: k\n', ': k\n', 'k: {null: 1}\n', '# only a comment\n', 'a: 1\n---\n'];
    for (const text of uncertain) expect(quickReading(text), text).toBeUndefined();
  });

  it('tells uncertain texts as the plain statement of the rule does (an empty or null key: a colon after any spaces)', () => {
    // the definition, quadratic in a line's indentation; UNCERTAIN is written to stay linear
    const definition = /[\t\uFEFF]|(?:^|[:?,[{-]) *[&*!]|<<|__proto__|^%|^[\s-]*\?(?:\s|$)|["']#|(?:^|[\s,{[-])(?:~|[Nn]ull|NULL)?\s*:(?:\s|$)|[\]}]\s*:(?:\s|$)/m;
    const alphabet = [' ', ' ', ' ', '\n', '\r', '\t', ':', ':', '-', '?', ',', '[', '{', ']', '}', '&', '*', '!', '<', '#', '"', "'", '~', 'null', 'Null', 'NULL', 'nul', 'a', 'k', '%', '__proto__', '\uFEFF'];
    const { below: next } = seededRandom(7);
    let uncertain = 0;
    for (let i = 0; i < 100_000; i++) {
      let text = '';
      for (let length = next(14); length > 0; length--) text += alphabet[next(alphabet.length)];
      const expected = definition.test(text);
      expect(UNCERTAIN.test(text), JSON.stringify(text)).toBe(expected);
      if (expected) uncertain++;
    }
    // both answers occur often enough for the comparison to mean something
    expect(uncertain).toBeGreaterThan(20_000);
    expect(uncertain).toBeLessThan(80_000);
    for (const text of ['a:\n  b:\n    :\n', 'a:\n      : x\n', 'k: null   :\n', '-   : x\n', 'a: {b: 1,   : 2}\n', 'a:\n  b: c\n']) expect(UNCERTAIN.test(text), text).toBe(definition.test(text));
  });

  it('reads `&`, `*` and `!` inside scalars as the text they are', () => {
    for (const text of ['command: a && b || c\n', 'schedule: "*/5 * * * *"\n', 'args: ["sh", "-c", "make && make install"]\n', 'note: hello!\n', 'glob: a/*.yaml\n', 'script: |\n  echo start && run\n']) {
      expect(agreesWithManifestReader(text), text).toBe('quick');
    }
  });

  it('agrees with the manifest reader on the shipped examples and fixtures', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) files.push(path);
      }
    };
    for (const dir of ['examples', 'policies', 'test/fixtures']) walk(join(import.meta.dirname, '..', dir));
    const ways = files.map((file) => agreesWithManifestReader(readFileSync(file, 'utf8')));
    expect(ways.filter((how) => how === 'quick').length).toBeGreaterThan(100);
  });

  it.skipIf(!existsSync(CORPUS))('agrees with the manifest reader on every YAML file of the upstream corpora', () => {
    const ways = corpusYamlFiles().map((file) => agreesWithManifestReader(readFileSync(file, 'utf8')));
    expect(ways.filter((how) => how === 'quick').length).toBeGreaterThan(2000);
  });
});
