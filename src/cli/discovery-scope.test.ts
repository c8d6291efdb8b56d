import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckTarget } from './check-scope.ts';
import { discoveryScope } from './discovery-scope.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-discovery-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const dirs = (...paths: string[]): CheckTarget[] => paths.map((path) => ({ given: path, path, directory: true }));
const CHART = (name: string, extra = ''): string => `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;

describe('discoveryScope (paths in no repository, the root only where the command ran)', () => {
  const layout = tree({
    'noise/pod.yaml': 'kind: Pod\n',
    'apps/web/pod.yaml': 'kind: Pod\n',
    'base/web/kustomization.yaml': 'resources: [pod.yaml]\n',
    'base/web/pod.yaml': 'kind: Pod\n',
    'patches/limits.yaml': 'kind: Deployment\n',
    'envs/prod/kustomization.yaml': 'resources: [../../base/web]\npatches:\n  - path: ../../patches/limits.yaml\n',
    'charts/api/Chart.yaml': CHART('api', 'dependencies:\n  - name: lib\n    repository: file://../../lib\n'),
    'charts/api/templates/pod.yaml': 'kind: Pod\n',
    'lib/Chart.yaml': CHART('lib'),
  });

  it('looks only in a checked directory that reads nothing elsewhere', async () => {
    expect(await discoveryScope(layout, dirs('apps/web'))).toEqual(['apps/web']);
  });

  it('follows what a kustomization reads outside the checked directory: bases and patch files', async () => {
    expect(await discoveryScope(layout, dirs('envs/prod'))).toEqual(['base/web', 'envs/prod', 'patches/limits.yaml']);
  });

  it('widens a directory inside a chart to the chart, and follows its file:// dependencies', async () => {
    expect(await discoveryScope(layout, dirs('charts/api/templates'))).toEqual(['charts/api', 'lib']);
  });

  it('joins several checked directories, and named files add nothing', async () => {
    const file: CheckTarget = { given: 'noise/pod.yaml', path: 'noise/pod.yaml', directory: false };
    expect(await discoveryScope(layout, [...dirs('apps/web', 'envs/prod'), file])).toEqual(['apps/web', 'base/web', 'envs/prod', 'patches/limits.yaml']);
    expect(await discoveryScope(layout, [file])).toBeUndefined();
  });

  it('follows a base reached through a symbolic link, with the directory the link leads to', async () => {
    const linked = tree({
      'base/kustomization.yaml': 'resources: [pod.yaml]\n',
      'base/pod.yaml': 'kind: Pod\n',
      'envs/prod/kustomization.yaml': 'resources: [../../base-link, ../../missing, https://example.com/remote]\n',
      'noise/pod.yaml': 'kind: Pod\n',
    });
    symlinkSync('base', join(linked, 'base-link'));
    expect(await discoveryScope(linked, dirs('envs/prod'))).toEqual(['base', 'base-link', 'envs/prod']);
  });

  it('lists the whole root when the root itself is checked, or holds a kustomization the checked path belongs to', async () => {
    expect(await discoveryScope(layout, dirs('.'))).toBeUndefined();
    const rooted = tree({ 'kustomization.yaml': 'resources: [apps/pod.yaml]\n', 'apps/pod.yaml': 'kind: Pod\n' });
    expect(await discoveryScope(rooted, dirs('apps'))).toBeUndefined();
    const upward = tree({ 'apps/kustomization.yaml': 'resources: [../shared]\n', 'shared/kustomization.yaml': 'resources: [..]\n', 'x/pod.yaml': 'kind: Pod\n' });
    expect(await discoveryScope(upward, dirs('apps'))).toBeUndefined();
  });
});
