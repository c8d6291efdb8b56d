import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/check-command.ts';
import type { FakeRepo } from './fake-repo.ts';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
`;

describe('.github/preadmit.yml in the app (src/config)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [BUILTIN_POLICIES] });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A repository with `config` on its base and a pull request adding the Deployment. */
  async function check(name: string, config: string | undefined, extra: Record<string, string> = {}): Promise<{ repo: FakeRepo; head: string }> {
    const repo = h.fake.repo('acme', name);
    const base = repo.commit(config === undefined ? { 'README.md': 'x\n' } : { 'README.md': 'x\n', '.github/preadmit.yml': config });
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': deployment, ...extra }, 'add web', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    return { repo, head };
  }

  it('fails on an enforced operations finding by default', async () => {
    const { repo, head } = await check('defaults', undefined);
    expect(repo.checkRunsFor(head)[0]!.conclusion).toBe('failure');
  });

  it('uses the fix defaults of the configuration in the suggestions (configVariables)', async () => {
    const { repo } = await check('fix-defaults', 'fixes:\n  defaults:\n    cpuRequest: 250m\n    memoryLimit: 1Gi\n');
    const comment = repo.reviewComments(1).find((c) => c.body.includes('```suggestion') && c.body.includes('require-requests-limits'));
    expect(comment?.body).toMatch(/cpu: 250m\n\s+memory: 128Mi\n\s+limits:\n\s+memory: 1Gi/);
  });

  it('never blocks on a layer in audit mode, nor below severityThreshold', async () => {
    const audit = await check('audit-operations', 'layers:\n  operations: {mode: audit}\n  security: {mode: audit}\n');
    const run = audit.repo.checkRunsFor(audit.head)[0]!;
    expect(run.conclusion).toBe('neutral');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
    expect(run.annotations.length).toBeGreaterThan(0);
    const threshold = await check('threshold', 'severityThreshold: critical\nwarningsConclusion: success\n');
    expect(threshold.repo.checkRunsFor(threshold.head)[0]!.conclusion).toBe('success');
  });

  it('reports an invalid configuration with file:line:col and uses the defaults', async () => {
    const { repo, head } = await check('invalid', 'failurePolicy: fail\nlayers:\n  operations:\n    mode: block\n');
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.output.summary).toContain('.github/preadmit.yml:4:5: layers.operations.mode must be one of enforce, audit.');
    expect(run.output.summary).toContain('the defaults were used');
    expect(run.conclusion).toBe('failure');
  });

  it('a pull request that breaks the configuration gets a blocking finding on the line', async () => {
    const { repo, head } = await check('breaks-config', 'maxReviewComments: 5\n', { '.github/preadmit.yml': 'maxReviewComments: 5\nreviewComent: false\n' });
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toContainEqual(expect.objectContaining({ path: '.github/preadmit.yml', start_line: 2, annotation_level: 'failure', message: expect.stringContaining('Unknown key "reviewComent"') }));
    expect(repo.reviewComments(1).some((c) => c.path === '.github/preadmit.yml' && c.line === 2)).toBe(true);
  });

  it('reports a broken _extends on the check run and still completes', async () => {
    const { repo, head } = await check('bad-extends', '_extends: .github:configs/missing.yml\n');
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.status).toBe('completed');
    expect(run.output.summary).toMatch(/\.github\/preadmit\.yml:1:1: _extends: acme\/\.github:configs\/missing\.yml was not found/);
  });
});
