import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryTree } from './fs-tree.ts';

describe('directoryTree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-fs-tree-'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'apps/exception.yaml'), 'apiVersion: kyverno.io/v2\nkind: PolicyException\nmetadata:\n  name: e\n');
  writeFileSync(join(dir, 'apps/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
  writeFileSync(join(dir, 'apps/binary.yaml'), 'kind: PolicyException\u0000');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells whether a file read holds a watched word, and knows nothing of files not read or words not watched', () => {
    const tree = directoryTree(dir, { watch: ['PolicyException'] });
    expect(tree.paths).toEqual(['apps/binary.yaml', 'apps/exception.yaml', 'apps/pod.yaml']);
    expect(tree.mentions?.('apps/exception.yaml', 'PolicyException')).toBeUndefined();
    for (const path of tree.paths) tree.read(path);
    expect(tree.mentions?.('apps/exception.yaml', 'PolicyException')).toBe(true);
    expect(tree.mentions?.('apps/pod.yaml', 'PolicyException')).toBe(false);
    // an unreadable (binary) file gives no text: nothing is known of its words
    expect(tree.read('apps/binary.yaml')).toBeUndefined();
    expect(tree.mentions?.('apps/binary.yaml', 'PolicyException')).toBeUndefined();
    expect(tree.mentions?.('apps/pod.yaml', 'Pod')).toBeUndefined();
  });

  it('leaves out a directory it cannot list, and says which and why, instead of failing', () => {
    mkdirSync(join(dir, 'locked'), { recursive: true });
    writeFileSync(join(dir, 'locked/secret.yaml'), 'kind: Pod\n');
    const tree = directoryTree(dir, {
      list: (path) => {
        if (path === join(dir, 'locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
        return readdirSync(path, { withFileTypes: true });
      },
    });
    expect(tree.paths).toEqual(['apps/binary.yaml', 'apps/exception.yaml', 'apps/pod.yaml']);
    expect(tree.unlisted).toEqual([{ path: 'locked', reason: 'EACCES' }]);
    expect(directoryTree(dir).paths).toContain('locked/secret.yaml');
    expect(directoryTree(dir).unlisted).toEqual([]);
    rmSync(join(dir, 'locked'), { recursive: true });
  });

  it('lists only the directories and files it is given, and still reads any file of the root', () => {
    mkdirSync(join(dir, 'apps/deep'), { recursive: true });
    writeFileSync(join(dir, 'apps/deep/cm.yaml'), 'kind: ConfigMap\n');
    writeFileSync(join(dir, 'top.yaml'), 'kind: Pod\n');
    const tree = directoryTree(dir, { within: ['apps/deep', 'top.yaml', 'apps/deep/cm.yaml', 'missing'] });
    expect(tree.paths).toEqual(['apps/deep/cm.yaml', 'top.yaml']);
    expect(tree.read('apps/pod.yaml')).toContain('kind: Pod');
    rmSync(join(dir, 'apps/deep'), { recursive: true });
    rmSync(join(dir, 'top.yaml'));
  });

  it('watches no word unless asked', () => {
    const tree = directoryTree(dir);
    tree.read('apps/exception.yaml');
    expect(tree.mentions?.('apps/exception.yaml', 'PolicyException')).toBeUndefined();
  });
});
