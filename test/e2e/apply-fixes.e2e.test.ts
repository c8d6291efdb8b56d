import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateChange } from '../../src/app/evaluate-change.ts';
import type { FakeRepo } from './fake-repo.ts';
import { checkRunPayload, manifest, pullRequestPayload, startHarness, type Harness } from './harness.ts';

/**
 * The fixture policy declares no fix, so the evaluation is wrapped to give ':latest' findings
 * an edit of our own: this suite is about the button's plumbing (commit, refusal when the
 * branch moved). The built-in policies' real fixes are in builtin-fixes.e2e.test.ts.
 */
const withEdits: typeof evaluateChange = (changes, head, base, policies) => {
  const result = evaluateChange(changes, head, base, policies);
  for (const f of result.classified.new) {
    const line = head.get(f.file)?.split('\n')[f.line - 1];
    if (f.path.endsWith('/image') && line?.includes(':latest')) f.edits = [{ file: f.file, startLine: f.line, endLine: f.line, lines: [line.replace(':latest', ':1.27.2')] }];
  }
  return result;
};

describe('Apply fixes (check run requested action)', () => {
  let h: Harness;
  let repo: FakeRepo;
  let base: string;

  beforeAll(async () => {
    h = await startHarness({ evaluate: withEdits });
    repo = h.fake.repo('acme', 'fixable');
    base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml') });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('offers the button and a suggestion, commits the fixes on the branch, and the next check passes the blocking rule', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml') }, 'add web', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.requests.at(-1)!['actions']).toEqual([{ label: 'Apply fixes', description: 'Commit the suggested fixes', identifier: 'apply-fixes' }]);
    const suggestion = repo.reviewComments(1).find((c) => c.line === 16)!;
    expect(suggestion.body).toContain('```suggestion\n          image: nginx:1.27.2\n```');

    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', 1, 'preadmit', 'apply-fixes'));
    const tip = repo.refs.get('feature-1')!;
    expect(tip).not.toBe(head);
    const commit = repo.commits.get(tip)!;
    expect(commit.parents).toEqual([head]);
    expect(commit.message).toMatch(/^Apply preadmit fixes\n\n- e2e-pin-image-tags\/autogen-no-latest-tag on Deployment\/shop\/web \(apps\/web\.yaml:16\)/);
    expect(commit.files.get('apps/web.yaml')).toBe(manifest('web-latest.yaml').replace('nginx:latest', 'nginx:1.27.2'));
    expect(commit.files.get('apps/settings.yaml')).toBe(manifest('settings.yaml'));
    expect(repo.reviews.at(-1)!.body).toContain(`committed 1 fix(es) to 1 file(s) in ${tip}`);

    // GitHub sends synchronize for the new commit: the blocking finding is gone.
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 1));
    const next = repo.checkRunsFor(tip)[0]!;
    expect(next.conclusion).toBe('neutral');
    expect(next.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
    expect(next.requests.at(-1)!['actions']).toBeUndefined();
  });

  it('refuses to move a branch that changed meanwhile, and says so', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/api.yaml': manifest('web-latest.yaml').replaceAll('web', 'api') }, 'add api', [base]);
    repo.setPull(2, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 2));
    const payload = checkRunPayload(repo, 'requested_action', 2, 'preadmit', 'apply-fixes');
    const pushed = repo.commit({ ...repo.filesOf(head), 'notes.txt': 'x' }, 'someone pushed', [head]);
    repo.refs.set('feature-2', pushed);
    await h.deliverAndSettle('check_run', payload);
    expect(repo.refs.get('feature-2')).toBe(pushed);
    expect(repo.reviews.at(-1)!.body).toMatch(/did not apply the fixes: feature-2 moved from [0-9a-f]{7} [^]* to [0-9a-f]{7}; nothing was committed, and [0-9a-f]{7} is checked again/);
    // ...and checks what the branch holds now.
    expect(repo.checkRunsFor(pushed).map((r) => r.conclusion)).toEqual(['failure']);
  });

  it('for a pull request from a fork: suggestions, but no Apply fixes button and no commit', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/forked.yaml': manifest('web-latest.yaml').replaceAll('web', 'forked') }, 'add from a fork', [base]);
    repo.setPull(3, base, head);
    const payload = pullRequestPayload(repo, 'opened', 3) as { pull_request: { head: Record<string, unknown>; base: Record<string, unknown> } };
    payload.pull_request.head['repo'] = { id: 999, full_name: 'someone/fixable' };
    payload.pull_request.base['repo'] = { id: 1, full_name: 'acme/fixable' };
    await h.deliverAndSettle('pull_request', payload);
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.requests.at(-1)!['actions']).toBeUndefined();
    expect(repo.reviewComments(3).some((c) => c.body.includes('```suggestion'))).toBe(true);
    // GitHub lists no pull request on a fork's check run: a requested action does nothing.
    const before = repo.refs.get('feature-3');
    const action = checkRunPayload(repo, 'requested_action', 3, 'preadmit', 'apply-fixes') as { check_run: { pull_requests: unknown[] } };
    action.check_run.pull_requests = [];
    await h.deliverAndSettle('check_run', action);
    expect(repo.refs.get('feature-3')).toBe(before);
  });
});
