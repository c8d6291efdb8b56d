import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifestText } from '../src/manifest/parse.ts';
import { readManifestFiles } from '../src/manifest/read-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('hostile input', () => {
  it('reports invalid YAML and still returns the valid file beside it', async () => {
    const good = write('good.yaml', configMap('good'));
    const bad = write('bad.yaml', `${configMap('first')}---\napiVersion: v1\nkind: Pod\nspec:\n  containers: [\n    {name: a\n---\n${configMap('last')}`);
    const [badFile, goodFile] = await readManifestFiles([bad, good]);
    expect(goodFile?.problems).toEqual([]);
    expect(goodFile?.resources.map((r) => r.object['metadata'])).toEqual([{ name: 'good' }]);
    expect(badFile?.problems).toHaveLength(1);
    expect(badFile?.problems[0]?.message).toMatch(/^Invalid YAML: /);
    // The unclosed flow collections are detected at the next document marker.
    expect(badFile?.problems[0]?.range.start).toEqual({ line: 11, column: 1 });
    expect(badFile?.problems[0]?.message).toMatch(/end with a \}/);
    // The valid documents of the broken file are still read.
    expect(badFile?.resources.map((r) => [r.object['metadata'], r.origin.documentIndex])).toEqual([
      [{ name: 'first' }, 0],
      [{ name: 'last' }, 2],
    ]);
  });

  it('refuses a YAML alias bomb with a located problem', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i += 1) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${levels.map((l) => '  ' + l).join('\n')}\n`;
    const result = parseManifestText('bomb.yaml', text);
    expect(result.resources).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/alias/);
    // Located at the first alias: line 7, `  b: &b [*a,…`
    expect(result.problems[0]?.range.start).toEqual({ line: 7, column: 10 });
  });

  it('still reads a few ordinary aliases', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: &l {app: web}\n  annotations: *l\n`;
    const result = parseManifestText('alias.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.resources[0]?.object['metadata']).toEqual({ labels: { app: 'web' }, annotations: { app: 'web' } });
  });

  describe('10,000-deep nesting', () => {
    const depth = 10_000;
    const cases: [string, string][] = [
      ['flow sequences', `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
      ['flow mappings', `apiVersion: v1\nkind: ConfigMap\ndata: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
      ['compact block sequences', `apiVersion: v1\nkind: ConfigMap\ndata:\n${'- '.repeat(depth)}x\n`],
    ];
    it.each(cases)('refuses %s with a located problem', (_name, text) => {
      const result = parseManifestText('deep.yaml', text);
      expect(result.resources).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.message).toMatch(/deeper than 256 levels/);
      expect(result.problems[0]?.range.start.line).toBe(3 + (text.includes('data:\n') ? 1 : 0));
    });

    it('refuses deeply nested JSON with a located problem', () => {
      const text = `{"apiVersion": "v1", "kind": "ConfigMap", "data": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}`;
      const result = parseManifestText('deep.json', text);
      expect(result.resources).toEqual([]);
      expect(result.problems[0]?.message).toMatch(/deeper than 256 levels/);
      expect(result.problems[0]?.range.start.line).toBe(1);
    });

    it('keeps documents before the deep one and honours a configured depth', () => {
      const text = `${configMap('before')}---\n${configMap('deep')}data: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const result = parseManifestText('deep.yaml', text);
      expect(result.resources.map((r) => r.object['metadata'])).toEqual([{ name: 'before' }]);
      expect(result.problems[0]?.message).toMatch(/in document 1/);
      const shallow = parseManifestText('s.yaml', `${configMap('x')}data: {a: {b: {c: 1}}}\n`, { maxDepth: 3 });
      expect(shallow.problems[0]?.range.start).toEqual({ line: 5, column: 15 });
      expect(parseManifestText('s.yaml', `${configMap('x')}data: {a: {b: 1}}\n`, { maxDepth: 3 }).problems).toEqual([]);
    });
  });

  describe('a 30 MB file', () => {
    const big = `${configMap('big')}data:\n  blob: "${'x'.repeat(30 * 1024 * 1024)}"\n`;

    it('is refused by size before it is read, with a located problem', async () => {
      const path = write('big.yaml', big);
      const [file] = await readManifestFiles([path]);
      expect(file?.resources).toEqual([]);
      expect(file?.problems).toEqual([
        { file: path, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message: expect.stringMatching(/30\.0 MiB, over the 10\.0 MiB limit/) },
      ]);
    });

    it('is refused as text too', () => {
      expect(parseManifestText('big.yaml', big).problems[0]?.message).toMatch(/over the 10\.0 MiB limit/);
    });

    it('uses a configurable limit, and files under it are parsed', async () => {
      const text = `${configMap('small')}data:\n  blob: "${'x'.repeat(2000)}"\n`;
      expect(parseManifestText('s.yaml', text, { maxBytes: 1000 }).problems[0]?.message).toMatch(/over the 1000 bytes limit/);
      const path = write('small.yaml', text);
      const [limited] = await readManifestFiles([path], { maxBytes: 1000 });
      expect(limited?.problems[0]?.message).toMatch(/over the 1000 bytes limit/);
      const [file] = await readManifestFiles([path]);
      expect(file?.problems).toEqual([]);
      expect(file?.resources[0]?.object['metadata']).toEqual({ name: 'small' });
    });
  });

  describe('huge documents and streams under the size limit', () => {
    it('stops a 10 MB flat flow sequence by its token count instead of exhausting memory', { timeout: 120_000 }, () => {
      const text = `${configMap('flat')}data:\n  items: [${'x,'.repeat(5 * 1024 * 1024 - 100)}]\n`;
      const result = parseManifestText('flat.yaml', text);
      expect(result.resources).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.message).toMatch(/more than 1000000 YAML tokens/);
      expect(result.problems[0]?.range.start).toEqual({ line: 1, column: 1 });
    });

    it('uses a configurable token limit per document, and keeps the documents before', () => {
      const text = `${configMap('small')}---\n${configMap('large')}data:\n  list: [${'x,'.repeat(600)}]\n`;
      const result = parseManifestText('t.yaml', text, { maxTokensPerDocument: 1000 });
      expect(result.resources.map((r) => r.object['metadata'])).toEqual([{ name: 'small' }]);
      expect(result.problems[0]?.message).toMatch(/more than 1000 YAML tokens.*in document 1/);
      expect(result.problems[0]?.range.start).toEqual({ line: 5, column: 1 });
      expect(parseManifestText('t.yaml', text).problems).toEqual([]);
    });

    it('stops after too many documents', () => {
      const text = Array.from({ length: 30 }, (_, i) => configMap(`cm-${i}`)).join('---\n');
      const result = parseManifestText('many.yaml', text, { maxDocuments: 20 });
      expect(result.resources).toHaveLength(20);
      expect(result.problems[0]?.message).toMatch(/more than 20 documents/);
      expect(result.problems[0]?.range.start).toEqual({ line: 20 * 5, column: 1 });
      expect(parseManifestText('many.yaml', text).resources).toHaveLength(30);
    });
  });

  it('refuses a binary file with a located problem', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const [file] = await readManifestFiles([write('image.yaml', png)]);
    expect(file?.resources).toEqual([]);
    expect(file?.problems[0]?.message).toMatch(/binary/);
    expect(file?.problems[0]?.range.start).toEqual({ line: 3, column: 1 });
  });

  it('refuses a file that is not UTF-8, at the first bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${configMap('x')}data:\n  city: M`), Buffer.from([0xfc]), Buffer.from('nchen\n')]);
    const [file] = await readManifestFiles([write('latin1.yaml', latin1)]);
    expect(file?.resources).toEqual([]);
    expect(file?.problems[0]?.message).toMatch(/not valid UTF-8/);
    expect(file?.problems[0]?.range.start).toEqual({ line: 6, column: 10 });
  });

  it('reports a JSON syntax error at its position', async () => {
    const path = write('broken.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap"\n  "data": {}\n}\n');
    const [file] = await readManifestFiles([path]);
    expect(file?.resources).toEqual([]);
    expect(file?.problems[0]?.message).toMatch(/^Invalid JSON: /);
    expect(file?.problems[0]?.range.start).toEqual({ line: 4, column: 3 });
  });

  it('reports a path that does not exist', async () => {
    const [file] = await readManifestFiles([join(dir, 'missing')]);
    expect(file?.problems[0]?.message).toMatch(/^Could not read: .*ENOENT/);
  });
});
