import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateChange } from '../../src/app/evaluate-change.ts';
import type { FakeRepo } from './fake-repo.ts';
import { checkRunPayload, manifest, pullRequestPayload, startHarness, type Harness } from './harness.ts';

/** As in apply-fixes.e2e.test.ts: ':latest' findings get an edit of our own, so there is always a fix to commit. */
const withEdits: typeof evaluateChange = (changes, head, base, policies) => {
  const result = evaluateChange(changes, head, base, policies);
  for (const f of result.classified.new) {
    const line = head.get(f.file)?.split('\n')[f.line - 1];
    if (f.path.endsWith('/image') && line?.includes(':latest')) f.edits = [{ file: f.file, startLine: f.line, endLine: f.line, lines: [line.replace(':latest', ':1.27.2')] }];
  }
  return result;
};

interface ActionPayload {
  check_run: { pull_requests: Array<{ head: { ref: string; repo?: unknown }; base: { repo?: unknown } }> };
  sender: { login: string };
}

describe('Apply fixes is authorised: who asks, which branch, which commit', () => {
  let h: Harness;
  let repo: FakeRepo;
  let base: string;
  let next = 1;

  beforeAll(async () => {
    h = await startHarness({ evaluate: withEdits });
    repo = h.fake.repo('acme', 'guarded');
    base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml') });
    repo.refs.set('main', base);
    repo.collaborators.set('reader', 'read');
    repo.collaborators.set('writer', 'write');
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A pull request adding a fixable ':latest' image, checked once. */
  async function openPull(): Promise<{ number: number; head: string }> {
    const number = next++;
    const head = repo.commit({ ...repo.filesOf(base), [`apps/web-${number}.yaml`]: manifest('web-latest.yaml').replaceAll('web', `web${number}`) }, `add web ${number}`, [base]);
    repo.setPull(number, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', number));
    expect(repo.checkRunsFor(head)[0]!.conclusion).toBe('failure');
    return { number, head };
  }

  it('refuses a sender without write access (the collaborator permission API), and commits for one with it', async () => {
    const { number, head } = await openPull();
    for (const sender of ['reader', 'stranger']) {
      await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', number, 'preadmit', 'apply-fixes', sender));
      expect(repo.refs.get(`feature-${number}`)).toBe(head);
      expect(repo.reviews.at(-1)!.body).toMatch(new RegExp(`did not apply the fixes: @${sender} has (read|none) access to acme/guarded; applying fixes needs write access`));
    }
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', number, 'preadmit', 'apply-fixes', 'writer'));
    expect(repo.commits.get(repo.refs.get(`feature-${number}`)!)!.parents).toEqual([head]);
  });

  it('refuses a fork pull request even when the event lists it', async () => {
    const { number, head } = await openPull();
    repo.pulls.get(number)!.headRepo = 'someone/guarded';
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', number, 'preadmit', 'apply-fixes'));
    expect(repo.refs.get(`feature-${number}`)).toBe(head);
    expect(repo.reviews.at(-1)!.body).toMatch(/did not apply the fixes: the pull request comes from a fork/);
  });

  it('commits only on the pull request head branch named by GitHub, never on a branch the event names, never on the default branch', async () => {
    const { number, head } = await openPull();
    const payload = checkRunPayload(repo, 'requested_action', number, 'preadmit', 'apply-fixes') as ActionPayload;
    payload.check_run.pull_requests[0]!.head.ref = 'main';
    await h.deliverAndSettle('check_run', payload);
    expect(repo.refs.get('main')).toBe(base);
    expect(repo.commits.get(repo.refs.get(`feature-${number}`)!)!.parents).toEqual([head]);
    // A pull request whose head branch is the default branch itself.
    const other = await openPull();
    repo.pulls.get(other.number)!.branch = 'main';
    repo.refs.set('main', other.head);
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'requested_action', other.number, 'preadmit', 'apply-fixes'));
    expect(repo.refs.get('main')).toBe(other.head);
    expect(repo.reviews.at(-1)!.body).toMatch(/the head branch is the default branch \(main\); preadmit never commits there/);
    repo.refs.set('main', base);
  });

  it('commits only when the branch is still at the check run commit (compare-and-swap): a rewound branch is re-checked, not re-grown', async () => {
    const { number, head } = await openPull();
    // Someone force-pushes the branch back to the base: a commit on top of `head` would fast-forward it.
    repo.moveBranch(`feature-${number}`, base);
    const payload = checkRunPayload(repo, 'requested_action', number, 'preadmit', 'apply-fixes') as ActionPayload & { check_run: { head_sha: string } };
    payload.check_run.head_sha = head;
    await h.deliverAndSettle('check_run', payload);
    expect(repo.refs.get(`feature-${number}`)).toBe(base);
    expect(repo.reviews.at(-1)!.body).toMatch(new RegExp(`feature-${number} moved from ${head.slice(0, 7)} .* to ${base.slice(0, 7)}; nothing was committed`));
    expect(repo.checkRunsFor(base).length).toBeGreaterThan(0);
  });
});
