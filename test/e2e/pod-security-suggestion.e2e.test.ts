import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/check-command.ts';
import type { FakeRepo } from './fake-repo.ts';
import { checkRunPayload, pullRequestPayload, startHarness, type Harness } from './harness.ts';

/**
 * The pull request of issue 9, point 5: a change to an existing Deployment that only adds
 * `privileged: true` and moves the image to `:latest`. The diff holds those lines and nothing
 * else, so a suggestion must be anchored inside those hunks (the fake GitHub refuses review
 * comments outside them, as GitHub does).
 */
const base = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: web
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
      automountServiceAccountToken: false
      containers:
        - name: web
          image: nginx:1.27.2
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          ports:
            - containerPort: 8080
`;
const head = base
  .replace('image: nginx:1.27.2', 'image: nginx:latest')
  .replace('          ports:\n', '          securityContext:\n            privileged: true\n          ports:\n');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const ruleOf = (title: string | undefined): string => /· ([\w-]+\/[\w-]+)/.exec(title ?? '')?.[1] ?? '';

describe('a pull request that adds privileged: true and image: nginx:latest', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [BUILTIN_POLICIES] });
    repo = h.fake.repo('acme', 'psa-suggestion');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('annotates both lines, suggests a fix inside the diff, and Apply fixes clears the Pod Security failure', async () => {
    // the developer layer (no-latest-tag) audits by default; this team enforces it
    const config = { '.github/preadmit.yml': 'layers:\n  developer: {mode: enforce}\n' };
    const baseSha = repo.commit({ ...config, 'apps/web.yaml': base });
    const headSha = repo.commit({ ...config, 'apps/web.yaml': head }, 'privileged and latest', [baseSha]);
    repo.setPull(3, baseSha, headSha);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 3));

    const run = repo.checkRunsFor(headSha)[0]!;
    if (process.env["E2E_DUMP"]) console.log(JSON.stringify(run.annotations.map((a) => [a.annotation_level, a.start_line, a.title]), null, 1), JSON.stringify(repo.reviewComments(3), null, 1));
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure' && a.path === 'apps/web.yaml');
    const privilegedLine = lineOf(head, 'privileged: true');
    const imageLine = lineOf(head, 'image: nginx:latest');
    expect(failures).toContainEqual(expect.objectContaining({ start_line: privilegedLine, end_line: privilegedLine, title: expect.stringContaining('pod-security-baseline') }));
    expect(failures).toContainEqual(expect.objectContaining({ start_line: imageLine, end_line: imageLine, title: expect.stringContaining('no-latest-tag') }));

    // GitHub (and the fake) accept review comments only on lines of the diff's hunks.
    const changed = new Set([imageLine, privilegedLine - 1, privilegedLine]);
    const suggestions = repo.reviewComments(3).filter((c) => c.body.includes('```suggestion'));
    expect(suggestions.length).toBeGreaterThan(0);
    for (const c of suggestions) {
      expect(c.path).toBe('apps/web.yaml');
      const start = c.start_line ?? c.line;
      // the span touches a changed line (a hunk holds the changed lines and up to 3 lines of context)
      expect([...changed].some((l) => l >= start - 3 && l <= c.line + 3)).toBe(true);
    }
    const psa = suggestions.find((c) => c.body.includes('pod-security'));
    expect(psa?.body).toMatch(/```suggestion\n[^]*privileged: false/);

    // Apply fixes: the blocking Pod Security finding is gone on the re-check.
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', 3, 'preadmit', 'apply-fixes'));
    const tip = repo.refs.get('feature-3')!;
    expect(tip).not.toBe(headSha);
    const fixed = repo.commits.get(tip)!.files.get('apps/web.yaml')!;
    expect(fixed).not.toContain('privileged: true');
    expect(fixed).toContain('image: nginx:latest'); // which version runs is not preadmit's to decide
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 3));
    const rerun = repo.checkRunsFor(tip)[0]!;
    expect(rerun.status).toBe('completed');
    expect(rerun.annotations.filter((a) => a.annotation_level === 'failure' && ruleOf(a.title).startsWith('pod-security-baseline/'))).toEqual([]);
  });
});
