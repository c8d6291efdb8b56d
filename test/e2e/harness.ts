import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { evaluateChange } from '../../src/app/evaluate-change.ts';
import { createOctokitClass } from '../../src/app/octokit.ts';
import { startAppServer, type AppServer } from '../../src/app/server.ts';
import { loadPolicyDirs } from '../../src/pipeline/load-policy-dirs.ts';
import { FakeGitHub } from './fake-github.ts';
import type { FakeCheckRun, FakeRepo } from './fake-repo.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'app');

export function manifest(name: string): string {
  return readFileSync(join(FIXTURES, 'manifests', name), 'utf8');
}

export const APP_ID = 4242;
export const INSTALLATION_ID = 77;
export const SECRET = 'e2e-webhook-secret';

export interface Harness {
  fake: FakeGitHub;
  privateKey: string;
  app: AppServer;
  deliver: (event: string, payload: object, id?: string) => Promise<{ status: number; id: string }>;
  /** Deliver and wait until the app has no work left. */
  deliverAndSettle: (event: string, payload: object, id?: string) => Promise<{ status: number; id: string }>;
  stop: () => Promise<void>;
}

/** The fake GitHub and the real app (Probot over HTTP) pointed at it through GHE_HOST. */
export interface HarnessOptions {
  evaluate?: typeof evaluateChange;
  /** Policy folders (default: the suite's own fixture policies). */
  policyDirs?: string[];
  /** Receives the app's JSON log lines (default: silent unless E2E_LOG is set). */
  logLines?: string[];
  /** More (or replaced) environment variables of the app. */
  env?: Record<string, string | undefined>;
  /** Share another harness's fake GitHub (a second replica of the app). */
  fake?: FakeGitHub;
  privateKey?: string;
  /** GitHub client timeout (default 30 s). */
  requestTimeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const privateKey = options.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const shared = options.fake;
  const fake = shared ?? new FakeGitHub(APP_ID, privateKey);
  const { host } = shared ? { host: shared.host } : await fake.start();
  const policyDirs = options.policyDirs ?? [join(FIXTURES, 'policies')];
  const policySet = await loadPolicyDirs(policyDirs);
  if (policySet.problems.length > 0 || policySet.policies.length === 0) throw new Error(`fixture policies did not load: ${JSON.stringify(policySet.problems)}`);
  const app = await startAppServer({
    env: { APP_ID: String(APP_ID), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: 'http', ...options.env },
    policies: policySet.policies,
    // As `npm start` runs: rendering and evaluation in worker threads (PREADMIT_WORKERS=0 in env: in the event loop's thread).
    policyDirs,
    port: 0,
    host: '127.0.0.1',
    log: options.logLines
      ? pino({ level: 'info' }, { write: (line: string) => void options.logLines?.push(line) })
      : pino({ level: process.env['E2E_LOG'] ?? 'silent' }),
    Octokit: createOctokitClass({ retryAfterBaseMs: 5, writeMinTimeMs: 0, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) }),
    ...(options.evaluate ? { evaluate: options.evaluate } : {}),
  });
  const deliver = async (event: string, payload: object, id: string = randomUUID()): Promise<{ status: number; id: string }> => {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const response = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': signature },
      body,
    });
    await response.text();
    return { status: response.status, id };
  };
  return {
    fake,
    privateKey,
    app,
    deliver,
    deliverAndSettle: async (event, payload, id) => {
      const result = await deliver(event, payload, id);
      await app.idle();
      return result;
    },
    stop: async () => {
      await app.idle();
      await app.close();
      if (!shared) await fake.stop();
    },
  };
}

/** A Pod in namespace apps with a privileged container: what every bypass probe tries to merge. */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: evil
  namespace: apps
spec:
  containers:
    - name: shell
      image: registry.example.com/shell:1.0.0
      securityContext:
        privileged: true
`;

/** Open a pull request from `baseFiles` to `headFiles` in a new repository; its head's check runs once the app is idle. */
export async function checkPullRequest(h: Harness, name: string, baseFiles: Record<string, string>, headFiles: Record<string, string>): Promise<{ runs: FakeCheckRun[]; repo: FakeRepo }> {
  const repo = h.fake.repo('acme', name);
  const base = repo.commit(baseFiles, 'base');
  const head = repo.commit(headFiles, 'change', [base]);
  repo.setPull(1, base, head);
  await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
  return { runs: repo.checkRunsFor(head), repo };
}

function repository(repo: FakeRepo): object {
  return { id: 1, name: repo.name, full_name: repo.fullName, owner: { login: repo.owner }, html_url: `https://github.com/${repo.fullName}`, private: false, default_branch: 'main' };
}

export function pullRequestPayload(repo: FakeRepo, action: string, number: number): object {
  const pull = repo.pulls.get(number);
  if (!pull) throw new Error(`no pull ${number}`);
  return {
    action,
    number,
    pull_request: { number, head: { sha: pull.headSha, ref: pull.branch }, base: { sha: pull.baseSha, ref: 'main' }, changed_files: repo.pullFiles(number).length, draft: false },
    repository: repository(repo),
    installation: { id: INSTALLATION_ID },
  };
}

/** A check_run event; `sender` is who clicked (default `maintainer`, an admin of every fake repository). */
export function checkRunPayload(repo: FakeRepo, action: string, number: number, name = 'preadmit', identifier?: string, sender = 'maintainer'): object {
  const pull = repo.pulls.get(number);
  if (!pull) throw new Error(`no pull ${number}`);
  const pr = { number, head: { sha: pull.headSha, ref: pull.branch }, base: { sha: pull.baseSha, ref: 'main' } };
  const requested = identifier ? { requested_action: { identifier } } : {};
  return { action, check_run: { id: 1, name, head_sha: pull.headSha, pull_requests: [pr] }, ...requested, repository: repository(repo), installation: { id: INSTALLATION_ID }, sender: { login: sender, type: 'User' } };
}

export function checkSuitePayload(repo: FakeRepo, number: number): object {
  const pull = repo.pulls.get(number);
  if (!pull) throw new Error(`no pull ${number}`);
  const pr = { number, head: { sha: pull.headSha, ref: pull.branch }, base: { sha: pull.baseSha, ref: 'main' } };
  return { action: 'rerequested', check_suite: { id: 5, head_sha: pull.headSha, pull_requests: [pr] }, repository: repository(repo), installation: { id: INSTALLATION_ID } };
}

export function mergeGroupPayload(repo: FakeRepo, baseSha: string, headSha: string): object {
  return {
    action: 'checks_requested',
    merge_group: { head_sha: headSha, head_ref: 'refs/heads/gh-readonly-queue/main/pr-9', base_sha: baseSha, base_ref: 'refs/heads/main' },
    repository: repository(repo),
    installation: { id: INSTALLATION_ID },
  };
}
