import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kustomizeCopyPaths } from './copy-paths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'preadmit-copy-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const FILES = {
  'apps/web/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - ../../../shared/service.yaml\n',
  'apps/web/base/deployment.yaml': 'kind: Deployment\n',
  'apps/web/overlays/prod/kustomization.yaml': [
    'resources:',
    '  - ../../base',
    'components:',
    '  - ../../../../components/labels',
    'patches:',
    '  - path: ../../../../patches/replicas.yaml',
    'configMapGenerator:',
    '  - name: settings',
    '    files:',
    '      - app.conf=config/app.conf',
    '    envs:',
    '      - ../../../../env/prod.env',
    '  - name: remote',
    '    files:',
    '      - https://example.com/x.conf',
    '',
  ].join('\n'),
  'apps/web/overlays/prod/config/app.conf': 'a=1\n',
  'components/labels/kustomization.yaml': 'kind: Component\nlabels:\n  - pairs: {team: web}\n',
  'shared/service.yaml': 'kind: Service\n',
  'shared/unrelated.yaml': 'kind: ConfigMap\n',
  'patches/replicas.yaml': 'kind: Deployment\n',
  'env/prod.env': 'A=1\n',
  'apps/api/kustomization.yaml': 'resources: [big.yaml]\n',
  'apps/api/big.yaml': 'kind: ConfigMap\n',
};

describe('kustomizeCopyPaths', () => {
  it('names what the build reads: every kustomization reached, with its directory, and the files they name', async () => {
    const root = tree('monorepo', FILES);
    const paths = await kustomizeCopyPaths(root, 'apps/web/overlays/prod');
    expect(paths?.sort()).toEqual(['apps/web/base', 'apps/web/overlays/prod', 'components/labels', 'env/prod.env', 'patches/replicas.yaml', 'shared/service.yaml'].sort());
  });

  it('copies the whole tree when a symbolic link is on the way, or the root has no kustomization', async () => {
    const root = tree('linked', FILES);
    symlinkSync(join(root, 'apps/web/base'), join(root, 'apps/web/linked-base'));
    writeFileSync(join(root, 'apps/web/overlays/prod/kustomization.yaml'), 'resources:\n  - ../../linked-base\n');
    expect(await kustomizeCopyPaths(root, 'apps/web/overlays/prod')).toBeUndefined();
    expect(await kustomizeCopyPaths(root, 'shared')).toBeUndefined();
  });

  it('copies only its directory for an empty kustomization, the whole tree for one it cannot read', async () => {
    const root = tree('empty', { 'e/Kustomization': '', 'c/kustomization.yaml': '# nothing yet\n', 'u/kustomization.yaml': 'resources: [\n', 'big/x.yaml': 'kind: ConfigMap\n' });
    expect(await kustomizeCopyPaths(root, 'e')).toEqual(['e']);
    expect(await kustomizeCopyPaths(root, 'c')).toEqual(['c']);
    expect(await kustomizeCopyPaths(root, 'u')).toBeUndefined();
  });

  it('leaves out what is outside the tree or missing (the render says so, as before)', async () => {
    const root = tree('outside', { 'k/kustomization.yaml': 'resources:\n  - ../../elsewhere\n  - missing.yaml\n  - here.yaml\n', 'k/here.yaml': 'kind: ConfigMap\n' });
    expect((await kustomizeCopyPaths(root, 'k'))?.sort()).toEqual(['k']);
  });
});
