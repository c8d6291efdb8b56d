/**
 * Issue 6 in the app: a pull request that changes a Kustomize base shared by two overlays is
 * checked as rendered (both overlays), the finding sits on the base's source line, and the
 * check run's text carries the rendered diff folded in <details>.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeRepo } from './fake-repo.ts';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'base-head');
const files = ['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml'];
const read = (path: string): string => readFileSync(join(FIXTURE, path), 'utf8');

describe('the app renders the kustomize roots a pull request reaches', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [FIXTURE] });
    repo = h.fake.repo('acme', 'kustomized');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reports the new finding once on the base line, naming both overlays, with the rendered diff', async () => {
    const tree = Object.fromEntries(files.map((f) => [f, read(f)]));
    const base = repo.commit(tree, 'base');
    const privileged = read('base/deployment.yaml') + '          securityContext:\n            privileged: true\n';
    const head = repo.commit({ ...tree, 'base/deployment.yaml': privileged }, 'privileged', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.path).toBe('base/deployment.yaml');
    expect(privileged.split('\n')[failures[0]!.start_line - 1]).toContain('privileged: true');
    const text = run.output.text ?? '';
    expect(text).toContain('### Rendered changes');
    expect(text).toMatch(/<details><summary>changed <code>Deployment\/(dev|prod)\/web<\/code>/);
    expect(text).toMatch(/^\+\s+privileged: true$/m);
    expect(text).toContain('overlays/prod');
    expect(text).toContain('overlays/dev');
    expect(repo.reviewComments(1).map((c) => [c.path, c.line])).toEqual([['base/deployment.yaml', failures[0]!.start_line]]);
  });

  it('a change to plain manifests only is not rendered', async () => {
    const plain = h.fake.repo('acme', 'plain-only');
    const base = plain.commit({ 'apps/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    const head = plain.commit({ 'apps/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n' }, 'edit', [base]);
    plain.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(plain, 'opened', 1));
    const run = plain.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('success');
    expect(run.output.text).toBeUndefined();
  });

  it('when a tree cannot be materialised (truncated listing), fails closed naming the roots, and checks the changed files as plain manifests', async () => {
    const big = h.fake.repo('acme', 'truncated');
    const tree = Object.fromEntries(files.map((f) => [f, read(f)]));
    const base = big.commit(tree, 'base');
    const head = big.commit({ ...tree, 'base/deployment.yaml': read('base/deployment.yaml').replace('nginx:1.27', 'nginx:1.28') }, 'bump', [base]);
    big.setPull(1, base, head);
    h.fake.truncateTrees = true;
    try {
      await h.deliverAndSettle('pull_request', pullRequestPayload(big, 'opened', 1));
    } finally {
      h.fake.truncateTrees = false;
    }
    const run = big.checkRunsFor(head)[0]!;
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary.replace(/\\(.)/g, '$1')).toContain('**Kustomize/Helm roots**: were not rendered (GitHub truncated the file tree');
    expect(run.output.text).toBeUndefined();
  });
});
