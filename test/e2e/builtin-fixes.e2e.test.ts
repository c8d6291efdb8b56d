import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/check-command.ts';
import type { FakeRepo, FakeReviewComment } from './fake-repo.ts';
import { checkRunPayload, pullRequestPayload, startHarness, type Harness } from './harness.ts';

/** A Deployment without resources, labels or automountServiceAccountToken: the built-in policies fix all three. */
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 1
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

/** What pressing "Commit suggestion" does: the comment's lines replaced by the suggestion. */
function applySuggestion(text: string, comment: FakeReviewComment): string {
  const block = /```suggestion\n([^]*?)\n```/.exec(comment.body);
  if (!block) throw new Error('no suggestion block');
  const lines = text.split('\n');
  const start = comment.start_line ?? comment.line;
  lines.splice(start - 1, comment.line - start + 1, ...block[1]!.split('\n'));
  return lines.join('\n');
}

const ruleOf = (title: string | undefined): string => /· ([\w-]+\/[\w-]+)/.exec(title ?? '')?.[1] ?? '';

describe('fixes of the built-in policies in the app: suggestions and Apply fixes', () => {
  let h: Harness;
  let repo: FakeRepo;
  let base: string;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [BUILTIN_POLICIES] });
    repo = h.fake.repo('acme', 'shop');
    base = repo.commit({ 'README.md': 'shop\n' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('suggests the resources fix inline; committing the suggestion clears the finding', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': deployment }, 'add web', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.map((a) => ruleOf(a.title))).toContain('require-requests-limits/autogen-requests-and-memory-limit');
    expect(run.output.summary).toMatch(/have a suggested fix/);
    const comment = repo.reviewComments(1).find((c) => c.body.includes('require-requests-limits') && c.body.includes('```suggestion'));
    expect(comment).toBeDefined();
    expect(comment!.body).toMatch(/```suggestion\n[^]*resources:\n\s+requests:\n\s+cpu: 100m\n\s+memory: 128Mi\n\s+limits:\n\s+memory: 256Mi/);

    const suggested = applySuggestion(deployment, comment!);
    if (process.env['E2E_DUMP']) console.log(`${comment!.body}\n=====\n${suggested}`);
    const next = repo.commit({ ...repo.filesOf(head), 'apps/web.yaml': suggested }, 'Apply suggestion', [head]);
    repo.moveBranch('feature-1', next);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 1));
    const rerun = repo.checkRunsFor(next)[0]!;
    expect(rerun.status).toBe('completed');
    expect(rerun.annotations.map((a) => ruleOf(a.title))).not.toContain('require-requests-limits/autogen-requests-and-memory-limit');
    // One finding, its own fix: the suggestion changed only what its finding is about.
    expect(rerun.annotations.map((a) => ruleOf(a.title))).toContain('automount-sa-token-disabled/autogen-no-automounted-token');
    expect(comment!.body).not.toContain('automountServiceAccountToken');
  });

  it('Apply fixes commits every fix and the re-check is clean for the fixable rules', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/api.yaml': deployment.replaceAll('web', 'api') }, 'add api', [base]);
    repo.setPull(2, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 2));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.requests.at(-1)!['actions']).toEqual([expect.objectContaining({ identifier: 'apply-fixes' })]);
    const fixable = ['require-requests-limits', 'automount-sa-token-disabled', 'recommended-labels'];
    for (const policy of fixable) expect(run.annotations.some((a) => ruleOf(a.title).startsWith(`${policy}/`))).toBe(true);

    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', 2, 'preadmit', 'apply-fixes'));
    const tip = repo.refs.get('feature-2')!;
    expect(tip).not.toBe(head);
    const fixed = repo.commits.get(tip)!.files.get('apps/api.yaml')!;
    expect(fixed).toContain('automountServiceAccountToken: false');
    expect(fixed).toContain('app.kubernetes.io/instance: api');
    expect(fixed.startsWith(deployment.replaceAll('web', 'api').split('\n').slice(0, 6).join('\n'))).toBe(true);

    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 2));
    const rerun = repo.checkRunsFor(tip)[0]!;
    expect(rerun.status).toBe('completed');
    for (const policy of fixable) expect(rerun.annotations.filter((a) => ruleOf(a.title).startsWith(`${policy}/`))).toEqual([]);
    expect(rerun.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
    expect(rerun.conclusion).not.toBe('failure');
  });
});
