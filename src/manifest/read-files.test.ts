import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifestFiles } from './read-files.ts';

const root = mkdtempSync(join(tmpdir(), 'preadmit-read-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (relative: string, content: string): void => {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
};
const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

put('apps/b.yaml', cm('b'));
put('apps/a.yml', cm('a'));
put('apps/c.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
put('apps/readme.md', '# not a manifest');
put('apps/node_modules/x.yaml', cm('ignored'));
put('.git/config.yaml', cm('ignored'));
put('apps/.hidden/h.yaml', cm('ignored'));
put('kustomization.yaml', 'resources: [apps]\n');
put('notes.txt', cm('given-directly'));
symlinkSync(join(root, 'apps'), join(root, 'loop'));

describe('readManifestFiles', () => {
  it('walks directories for *.yaml, *.yml and *.json, skipping node_modules and hidden directories', async () => {
    const files = await readManifestFiles([root]);
    expect(files.map((f) => f.file.slice(root.length + 1))).toEqual(['apps/a.yml', 'apps/b.yaml', 'apps/c.json', 'kustomization.yaml']);
    expect(files.flatMap((f) => f.resources.map((r) => (r.object['metadata'] as { name: string }).name))).toEqual(['a', 'b', 'c']);
    expect(files.find((f) => f.file.endsWith('kustomization.yaml'))?.skipped).toBe(1);
  });

  it('keeps file names as given and reads files given directly whatever their extension', async () => {
    const files = await readManifestFiles([join(root, 'notes.txt'), join(root, 'apps', 'b.yaml')]);
    expect(files.map((f) => f.file)).toEqual([join(root, 'notes.txt'), join(root, 'apps', 'b.yaml')]);
    expect(files[0]?.resources[0]?.origin.file).toBe(join(root, 'notes.txt'));
  });

  it('uses relative names when given relative paths', async () => {
    const relativeRoot = relative(process.cwd(), root);
    const files = await readManifestFiles([join(relativeRoot, 'apps')]);
    expect(files.map((f) => f.file)).toEqual(['a.yml', 'b.yaml', 'c.json'].map((name) => join(relativeRoot, 'apps', name)));
  });
});
