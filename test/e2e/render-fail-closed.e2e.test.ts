/**
 * Issue 13, silent passes through rendering: a root that did not render on the base must not
 * hide the head's findings, a head root that does not render fixes nothing, and a chart file
 * left out of the materialised tree (over 1 MB) is named, never dropped silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeCheckRun, FakeRepo } from './fake-repo.ts';
import { checkPullRequest, startHarness, type Harness } from './harness.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'base-head');
const read = (path: string): string => readFileSync(join(FIXTURE, path), 'utf8');
const deployment = read('base/deployment.yaml');
const privileged = deployment + '          securityContext:\n            privileged: true\n';

describe('rendering fails closed', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [FIXTURE] });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function check(name: string, baseFiles: Record<string, string>, headFiles: Record<string, string>): Promise<{ run: FakeCheckRun; repo: FakeRepo }> {
    const { runs, repo } = await checkPullRequest(h, name, baseFiles, headFiles);
    const run = runs[0]!;
    expect(run.status).toBe('completed');
    return { run, repo };
  }
  const notChecked = (run: FakeCheckRun): string => (/#### Not checked \(\d+\)\n\n([^]*?)\n\n/.exec(run.output.summary)?.[1] ?? '').replace(/\\(.)/g, '$1');

  it('a render error already on the base (a remote base) does not hide the new privileged container', async () => {
    const overlay = 'resources:\n  - ../../base\n  - https://example.com/shared/base.yaml\n';
    const tree = { 'base/kustomization.yaml': read('base/kustomization.yaml'), 'base/deployment.yaml': deployment, 'overlays/prod/kustomization.yaml': overlay };
    const { run } = await check('remote-on-base', tree, { ...tree, 'base/deployment.yaml': privileged });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toMatch(/\*\*overlays\/prod\*\*: kustomize could not render it on the head/);
    expect(notChecked(run)).toContain('https://example.com/shared/base.yaml');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures.map((a) => a.path)).toContain('base/deployment.yaml');
    expect(failures.find((a) => a.path === 'base/deployment.yaml')?.message).toContain('must not run privileged');
  });

  it('a head root that does not render reports nothing of the base as fixed', async () => {
    const tree = { 'base/kustomization.yaml': read('base/kustomization.yaml'), 'base/deployment.yaml': privileged, 'overlays/dev/kustomization.yaml': read('overlays/dev/kustomization.yaml') };
    const { run } = await check('broken-on-head', tree, { ...tree, 'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n  - missing.yaml\n' });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toMatch(/\*\*overlays\/dev\*\*: kustomize could not render it on the head/);
    expect(run.output.summary).toContain('Fixed: 0 ·');
    expect(run.output.summary).not.toContain('#### Fixed by this change');
  });

  it('a Helm template over 1 MB, left out of the materialised tree, is named and fails the check', async () => {
    const chart = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
    const big = pod + `# ${'z'.repeat(78)}\n`.repeat(Math.ceil((1.2 * 1048576) / 81));
    const tree = { 'charts/web/Chart.yaml': chart, 'charts/web/values.yaml': 'replicas: 1\n', 'charts/web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' };
    const { run } = await check('big-template', tree, { ...tree, 'charts/web/templates/big.yaml': big, 'charts/web/values.yaml': 'replicas: 2\n' });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toMatch(/\*\*charts\/web\/templates\/big\.yaml\*\*: is 1\.2 MB at [0-9a-f]{7}; files over 1 MB are left out of the rendered tree/);
  });

  it('a kustomize resource over 1 MB, left out of the materialised tree, is named and fails the check', async () => {
    const big = privileged + `# ${'q'.repeat(78)}\n`.repeat(Math.ceil((1.1 * 1048576) / 81));
    const tree = { 'base/kustomization.yaml': read('base/kustomization.yaml'), 'base/deployment.yaml': deployment, 'overlays/dev/kustomization.yaml': read('overlays/dev/kustomization.yaml') };
    const { run } = await check('big-resource', tree, { ...tree, 'base/deployment.yaml': big });
    expect(run.conclusion).toBe('failure');
    const list = notChecked(run);
    expect(list).toMatch(/\*\*base\/deployment\.yaml\*\*: is 1\.1 MB at [0-9a-f]{7}; files over 1 MB are left out of the rendered tree/);
    expect(list).toMatch(/\*\*overlays\/dev\*\*: kustomize could not render it on the head/);
  });

  it('a pull request whose overlay reads the host (git::file://, ../../..) fails the check, naming the refused references', async () => {
    const tree = { 'base/kustomization.yaml': read('base/kustomization.yaml'), 'base/deployment.yaml': deployment, 'overlays/dev/kustomization.yaml': read('overlays/dev/kustomization.yaml') };
    const { run } = await check('reads-host', tree, { ...tree, 'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n  - git::file:///etc/kubernetes\n  - ../../../../../../../../root/.kube\n' });
    expect(run.conclusion).toBe('failure');
    const list = notChecked(run);
    expect(list).toMatch(/\*\*overlays\/dev\*\*: kustomize could not render it on the head/);
    expect(list).toContain('"git::file:///etc/kubernetes" reads the machine preadmit runs on and is never rendered');
    expect(list).toContain('"../../../../../../../../root/.kube" leaves the repository and is never rendered');
  });

  it('a repository over 3,000 files is still rendered: the overlay change is checked', async () => {
    const tree: Record<string, string> = { 'base/kustomization.yaml': read('base/kustomization.yaml'), 'base/deployment.yaml': deployment, 'overlays/dev/kustomization.yaml': read('overlays/dev/kustomization.yaml') };
    for (let i = 0; i < 3100; i++) tree[`docs/page-${String(i).padStart(4, '0')}.md`] = `page ${i}\n`;
    const { run } = await check('big-repo', tree, { ...tree, 'base/deployment.yaml': privileged });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toBe('');
    expect(run.output.text ?? '').toContain('### Rendered changes');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure').map((a) => a.path)).toEqual(['base/deployment.yaml']);
  }, 120_000);
});
