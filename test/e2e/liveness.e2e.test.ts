import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, manifest, pullRequestPayload, type Harness } from './harness.ts';
import type { FakeRepo } from './fake-repo.ts';
import { startTestRedis, type TestRedis } from '../support/redis.ts';

/**
 * Issue 13's liveness probes, in the embedded mode and on Redis with two replicas: each
 * probe is a pull request on the fake GitHub and the app's real HTTP answers.
 */
const redis = await startTestRedis();
if ('skip' in redis) console.warn(`liveness on Redis skipped: ${redis.skip}`);

const modes: Array<'embedded' | 'redis'> = 'skip' in redis ? ['embedded'] : ['embedded', 'redis'];

describe.each(modes)('liveness (%s)', (mode) => {
  let a: Harness;
  let b: Harness;
  let repo: FakeRepo;
  let base: string;
  let next = 1;

  beforeAll(async () => {
    const env: Record<string, string> = { PREADMIT_JOB_ATTEMPTS: '2', PREADMIT_JOB_BACKOFF_MS: '50', PREADMIT_HEAD_POLL_MS: '50', PREADMIT_SWEEP_INTERVAL_SECONDS: '0' };
    if (mode === 'redis') Object.assign(env, { REDIS_URL: (redis as TestRedis).url, PREADMIT_REDIS_PREFIX: (redis as TestRedis).prefix(), PREADMIT_LOCK_MS: '2000', PREADMIT_LANE_RETRY_MS: '50' });
    a = await startHarness({ env, requestTimeoutMs: 1_000 });
    b = mode === 'redis' ? await startHarness({ env, fake: a.fake, privateKey: a.privateKey, requestTimeoutMs: 1_000 }) : a;
    repo = a.fake.repo('acme', `live-${mode}`);
    base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml'), 'README.md': '# live\n' });
    repo.refs.set('main', base);
  });
  afterAll(async () => {
    if (b !== a) await b.stop();
    await a?.stop();
  });

  const settle = async (): Promise<void> => {
    await a.app.idle();
    await b.app.idle();
  };
  const pull = (files: Record<string, string>): { number: number; head: string } => {
    const number = next++;
    const head = repo.commit({ ...repo.filesOf(base), ...files }, `pr ${number}`, [base]);
    repo.setPull(number, base, head);
    return { number, head };
  };
  const push = (number: number, files: Record<string, string>): string => {
    const current = repo.pulls.get(number)!;
    const head = repo.commit({ ...repo.filesOf(current.headSha), ...files }, 'push', [current.headSha]);
    repo.setPull(number, base, head);
    return head;
  };

  it('a redelivery (same delivery id) to the other replica does nothing new', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml') });
    const first = await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number), `dup-${mode}`);
    const again = await b.deliver('pull_request', pullRequestPayload(repo, 'opened', number), `dup-${mode}`);
    await settle();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(repo.checkRunsFor(head).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success']]);
  });

  it('GitHub created the check run but the answer was lost: the run is found by external id, not created twice', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-latest.yaml').replace('name: web', 'name: lost') });
    a.fake.inject({ method: 'POST', path: new RegExp(`/repos/acme/live-${mode}/check-runs$`), status: 0, lose: true });
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await settle();
    const runs = repo.checkRunsFor(head);
    expect(runs.map((r) => [r.status, r.conclusion, r.external_id])).toEqual([['completed', 'failure', 'preadmit:push']]);
  });

  it('creating the check run fails: a later attempt creates it, one run', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: retry') });
    a.fake.inject({ method: 'POST', path: new RegExp(`/repos/acme/live-${mode}/check-runs$`), status: 502, times: 1 });
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await settle();
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['success']);
  });

  it('after every attempt failed, the dead letter is retried later by the sweep; still one run', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: dead') });
    a.fake.inject({ method: 'POST', path: new RegExp(`/repos/acme/live-${mode}/check-runs$`), status: 503, times: 100 });
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await settle();
    a.fake.faults.length = 0;
    expect(repo.checkRunsFor(head)).toEqual([]);
    expect((await a.app.queue.stats()).dead).toBeGreaterThan(0);
    const metrics = (await Promise.all([a, b].map(async (h) => (await fetch(`${h.app.url}/metrics`)).text()))).join('\n');
    expect(metrics).toMatch(/preadmit_dead_letters_total\{kind="check",role="all"\} [1-9]/);
    expect(metrics).toMatch(/preadmit_queue_jobs\{state="dead",role="all"\} [1-9]/);
    const report = await a.app.sweeper.runNow('active');
    expect(report.redriven).toBeGreaterThan(0);
    await settle();
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['success']);
  });

  it('a review GitHub created whose answer was lost is not posted again', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-latest.yaml').replace('name: web', 'name: review') });
    const reviews = repo.reviews.length;
    a.fake.inject({ method: 'POST', path: new RegExp(`/pulls/${number}/reviews$`), status: 0, lose: true });
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await settle();
    expect(repo.reviews.length - reviews).toBe(1);
    const bodies = repo.reviewComments(number).map((c) => c.body);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['failure']);
  });

  it('out-of-order deliveries (an older synchronize, a late opened) never cancel the newest head', async () => {
    const { number, head: first } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: order') });
    const older = pullRequestPayload(repo, 'opened', number);
    const middle = push(number, { 'apps/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n' });
    const olderSync = pullRequestPayload(repo, 'synchronize', number);
    const newest = push(number, { 'apps/more.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n' });
    await a.deliver('pull_request', pullRequestPayload(repo, 'synchronize', number));
    await b.deliver('pull_request', olderSync);
    await a.deliver('pull_request', older);
    await settle();
    expect(repo.checkRunsFor(newest).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success']]);
    for (const stale of [first, middle]) expect(repo.checkRunsFor(stale).every((r) => r.status === 'completed' && r.conclusion === 'cancelled')).toBe(true);
  });

  it('a newer push delivered to the other replica stops the running check at its next checkpoint', async () => {
    const { number, head: first } = pull({ 'apps/web.yaml': manifest('web-latest.yaml').replace('name: web', 'name: super') });
    const held = a.fake.hold('GET', new RegExp(`/pulls/${number}/files$`));
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await held.arrived;
    const second = push(number, { 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: super') });
    await b.deliver('pull_request', pullRequestPayload(repo, 'synchronize', number));
    held.release();
    await settle();
    expect(repo.checkRunsFor(first).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'cancelled']]);
    expect(repo.checkRunsFor(first)[0]!.output.summary).toContain(second);
    expect(repo.checkRunsFor(second).map((r) => r.conclusion)).toEqual(['success']);
  });

  it('a GitHub request that hangs is cut by the client timeout; the run completes, saying so', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: hang') });
    const holds = Array.from({ length: 20 }, () => a.fake.hold('GET', new RegExp(`/pulls/${number}/files$`)));
    await a.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await settle();
    for (const h of holds) h.release();
    const runs = repo.checkRunsFor(head);
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure']]);
    expect(runs[0]!.output.summary).toContain('did not answer within 1000 ms');
  });

  it('an unfinished run left by a killed process is found by the sweep and completed on the same run', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-latest.yaml').replace('name: web', 'name: orphan') });
    repo.checkRuns.push({ id: 900_000 + number, name: 'preadmit', head_sha: head, external_id: 'preadmit:push', app: { id: 4242 }, status: 'in_progress', conclusion: null, output: { title: 'Checking manifests…', summary: '' }, annotations: [], requests: [] });
    await (mode === 'redis' ? b : a).app.sweeper.runNow('all');
    await settle();
    expect(repo.checkRunsFor(head).map((r) => [r.id, r.status, r.conclusion])).toEqual([[900_000 + number, 'completed', 'failure']]);
  });

  it('during a SIGTERM drain, new deliveries are answered 503 and the running check still completes', async () => {
    const { number, head } = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: drain') });
    const other = pull({ 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', 'name: drain2') });
    const drained = await startHarness({ fake: a.fake, privateKey: a.privateKey, env: { PREADMIT_SWEEP_INTERVAL_SECONDS: '0' } });
    const held = a.fake.hold('GET', new RegExp(`/pulls/${number}/files$`));
    await drained.deliver('pull_request', pullRequestPayload(repo, 'opened', number));
    await held.arrived;
    const shutdown = drained.app.shutdown(10_000);
    const refused = await drained.deliver('pull_request', pullRequestPayload(repo, 'opened', other.number));
    expect(refused.status).toBe(503);
    held.release();
    await shutdown;
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['success']);
    expect(repo.checkRunsFor(other.head)).toEqual([]);
  });
});

afterAll(async () => {
  if (!('skip' in redis)) await redis.stop();
});
