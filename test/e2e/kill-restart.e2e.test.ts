/**
 * Issue 13, "Done when": killing the app during a check and starting it again leaves no check
 * run `in_progress` within a minute. The fake GitHub runs in this process; the app is the
 * production entry (src/main.ts, `node --import tsx`) as a child process, killed for real and
 * started again with the same environment and the default sweep settings (first sweep of all
 * installations 10 s after start, PREADMIT_SWEEP_DELAY_SECONDS unset). In the embedded mode
 * (no Redis) and, when a Redis answers, with REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.ts';
import type { FakeCheckRun, FakeRepo } from './fake-repo.ts';
import { APP_ID, FIXTURES, INSTALLATION_ID, manifest, pullRequestPayload, SECRET } from './harness.ts';
import { startTestRedis, type TestRedis } from '../support/redis.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'main.ts');
/** The bar of issue 13: from the restart to no run left in progress. */
const WITHIN_MS = 60_000;
/**
 * The SIGTERM test's grace period (PREADMIT_SHUTDOWN_GRACE_SECONDS; default 25). Shortened only
 * to keep the test short: what is tested is a request hanging past the grace, whatever its length
 * (the held request outlives the process either way; the client timeout stays at its 30 s).
 */
const GRACE_SECONDS = 3;

const redis = await startTestRedis();
if ('skip' in redis) console.warn(`kill-restart on Redis skipped: ${redis.skip}`);

interface AppProcess {
  child: ChildProcess;
  url: string;
  /** The app's log lines (JSON, stdout and stderr). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
const killAll = (): void => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
// Even when vitest's worker goes away without running the hooks.
process.once('exit', killAll);

/** src/main.ts in a child process; resolves once it listens (its own log line says where). */
function startApp(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  void exited.then(() => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not listen within 60 s:\n${lines.join('\n')}`)), 60_000);
    let partial = '';
    const take = (chunk: Buffer): void => {
      partial += chunk.toString('utf8');
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        const m = /preadmit listening on (http:\/\/[^\s"]+)/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve({ child, url: m[1], lines, exited });
        }
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code ?? signal}) before it listened:\n${lines.join('\n')}`));
    });
  });
}

async function deliver(app: AppProcess, event: string, payload: object): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const response = await fetch(`${app.url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature },
    body,
  });
  await response.text();
  return response.status;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const allRuns = (fake: FakeGitHub): FakeCheckRun[] => [...fake.repos.values()].flatMap((r) => r.checkRuns);
const unfinished = (fake: FakeGitHub): FakeCheckRun[] => allRuns(fake).filter((r) => r.status !== 'completed');

/** Poll the fake until no run is unfinished, or the deadline passes. */
async function untilNoneInProgress(fake: FakeGitHub, deadline: number): Promise<void> {
  while (unfinished(fake).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe.each(['embedded', 'redis'] as const)('kill and restart (%s)', (mode) => {
  const skip = mode === 'redis' && 'skip' in redis ? redis.skip : undefined;
  let fake: FakeGitHub;
  let privateKey: string;
  let current: AppProcess | undefined;

  beforeAll(async () => {
    if (skip) return;
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    fake = new FakeGitHub(APP_ID, privateKey);
    await fake.start();
    fake.installations.add(INSTALLATION_ID);
  });
  afterEach(async () => {
    // Every child, even when the test failed half-way; the app's log then helps.
    const alive = [...children];
    killAll();
    await Promise.all(alive.map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())))));
    current = undefined;
  });
  afterAll(async () => {
    await fake?.stop();
  });

  /** One environment for the killed app and its successor: production defaults but for GitHub's address and the fixture policies. */
  const appEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env['PATH'] ?? '',
    ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
    APP_ID: String(APP_ID),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: fake.host,
    GHE_PROTOCOL: 'http',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    PREADMIT_NO_BUILTIN: 'true',
    PREADMIT_POLICIES: join(FIXTURES, 'policies'),
    ...(mode === 'redis' ? { REDIS_URL: (redis as TestRedis).url, PREADMIT_REDIS_PREFIX: (redis as TestRedis).prefix() } : {}),
    ...extra,
  });

  const openPull = (repo: FakeRepo, name: string): { number: number; head: string } => {
    const base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml'), 'README.md': `# ${repo.name}\n` });
    repo.refs.set('main', base);
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-pinned.yaml').replace('name: web', `name: ${name}`) }, 'pr 1', [base]);
    repo.setPull(1, base, head);
    return { number: 1, head };
  };

  /** Start the app, deliver `opened`, and hold its listing of the pull request's files: the run is in progress, the check half-way. */
  const midCheck = async (repo: FakeRepo, number: number, head: string, env: NodeJS.ProcessEnv): Promise<{ app: AppProcess; release: () => void; runId: number }> => {
    const held = fake.hold('GET', new RegExp(`^/repos/${repo.owner}/${repo.name}/pulls/${number}/files$`));
    const app = (current = await startApp(env));
    expect(await deliver(app, 'pull_request', pullRequestPayload(repo, 'opened', number))).toBe(200);
    await within(held.arrived, 30_000, 'the check reaching the files listing');
    const runs = repo.checkRunsFor(head);
    expect(runs.map((r) => [r.status, r.external_id])).toEqual([['in_progress', 'preadmit:push']]);
    return { app, release: held.release, runId: runs[0]!.id };
  };

  /** Start again, release the dead process's held request, and wait for every run to complete (at most a minute). */
  const restartAndSettle = async (env: NodeJS.ProcessEnv, release: () => void, label: string): Promise<{ seconds: number; restartedAt: number }> => {
    const restartedAt = Date.now();
    current = await startApp(env);
    const listening = (Date.now() - restartedAt) / 1000;
    release();
    await untilNoneInProgress(fake, restartedAt + WITHIN_MS);
    const completedAt = Math.max(...allRuns(fake).map((r) => r.completedAt ?? Infinity));
    const seconds = (completedAt - restartedAt) / 1000;
    console.log(`[kill-restart ${mode}] ${label}: listening ${listening.toFixed(1)} s after the restart; no run in progress ${seconds.toFixed(1)} s after it`);
    if (unfinished(fake).length > 0) console.log(`[kill-restart ${mode}] the restarted app's log:\n${current.lines.join('\n')}`);
    return { seconds, restartedAt };
  };

  it.skipIf(skip)('SIGKILL mid-check, start again: the same run is completed with a real conclusion within a minute, and no run is left in progress', { timeout: 180_000 }, async () => {
    const repo = fake.repo('acme', `kill-${mode}`);
    const { number, head } = openPull(repo, 'killed');
    const env = appEnv();
    const { app, release, runId } = await midCheck(repo, number, head, env);

    app.child.kill('SIGKILL');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(repo.checkRunsFor(head).map((r) => [r.id, r.status])).toEqual([[runId, 'in_progress']]);

    const { seconds } = await restartAndSettle(env, release, 'SIGKILL');
    expect(unfinished(fake)).toEqual([]);
    expect(seconds).toBeLessThanOrEqual(WITHIN_MS / 1000);
    // One run on the head: the one the killed process created, resumed and evaluated to its real conclusion.
    const runs = repo.checkRunsFor(head);
    expect(runs.map((r) => [r.id, r.status, r.conclusion])).toEqual([[runId, 'completed', 'success']]);
    expect(runs[0]!.output.title).not.toMatch(/could not finish|stopped/);
  });

  it.skipIf(skip)('SIGTERM while a GitHub request hangs past the grace period: the run is completed at exit or by the next start within a minute', { timeout: 180_000 }, async () => {
    const repo = fake.repo('acme', `term-${mode}`);
    const { number, head } = openPull(repo, 'terminated');
    const env = appEnv({ PREADMIT_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
    const { app, release, runId } = await midCheck(repo, number, head, env);

    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    // main.ts: drain for the grace period, hand back, close; a hard exit at grace + 10 s at the latest.
    const exit = await within(app.exited, (GRACE_SECONDS + 20) * 1000, 'the app exiting after SIGTERM');
    const exitSeconds = (Date.now() - signalledAt) / 1000;
    const atExit = repo.checkRunsFor(head).map((r) => [r.id, r.status]);
    console.log(`[kill-restart ${mode}] SIGTERM: exited (${exit.code ?? exit.signal}) ${exitSeconds.toFixed(1)} s after the signal (grace ${GRACE_SECONDS} s); the run was ${atExit[0]?.[1]} at exit`);
    expect(exit.code).toBe(0);
    expect(exitSeconds).toBeGreaterThanOrEqual(GRACE_SECONDS);
    expect(atExit.map(([id]) => id)).toEqual([runId]);

    if (atExit[0]?.[1] !== 'completed') {
      const { seconds } = await restartAndSettle(env, release, 'SIGTERM with a hung request');
      expect(seconds).toBeLessThanOrEqual(WITHIN_MS / 1000);
    } else release();
    expect(unfinished(fake)).toEqual([]);
    const runs = repo.checkRunsFor(head);
    expect(runs.map((r) => [r.id, r.status])).toEqual([[runId, 'completed']]);
    console.log(`[kill-restart ${mode}] SIGTERM: the run's conclusion: ${runs[0]!.conclusion} (${runs[0]!.output.title})`);
  });
});

afterAll(async () => {
  killAll();
  if (!('skip' in redis)) await redis.stop();
});
