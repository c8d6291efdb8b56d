import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/check-command.ts';
import type { FakeRepo } from './fake-repo.ts';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

const privilegedPod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

describe('the app with the built-in policies, and its structured logs', () => {
  let h: Harness;
  let repo: FakeRepo;
  const logLines: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [BUILTIN_POLICIES], logLines });
    repo = h.fake.repo('acme', 'platform');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('fails a pull request that adds a privileged pod, pointing at the line', async () => {
    const base = repo.commit({ 'README.md': 'platform\n' });
    const head = repo.commit({ 'README.md': 'platform\n', 'tools/debug.yaml': privilegedPod });
    repo.setPull(11, base, head);
    const { id } = await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 11));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((a) => a.path === 'tools/debug.yaml')).toBe(true);
    const privilegedLine = privilegedPod.split('\n').findIndex((l) => l.includes('privileged: true')) + 1;
    expect(failures.filter((a) => /pod-security-baseline/.test(a.title ?? '')).map((a) => a.start_line)).toEqual([privilegedLine]);

    const logs = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = logs.find((l) => l['msg'] === 'check run completed');
    expect(done).toMatchObject({ delivery: id, repository: 'acme/platform', pr: 11, headSha: head, conclusion: 'failure' });
    expect(typeof done?.['seconds']).toBe('number');
    expect(logs.find((l) => l['msg'] === 'check evaluated')).toMatchObject({ delivery: id, files: 1, new: expect.any(Number) });
  });
});
