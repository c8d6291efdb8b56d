import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { APP_ID, INSTALLATION_ID, manifest, pullRequestPayload, SECRET } from '../../test/e2e/harness.ts';
import { FakeGitHub } from '../../test/e2e/fake-github.ts';
import { startTestRedis } from '../../test/support/redis.ts';

/**
 * `npm run load`: N replicas of the app (separate processes, one Redis) against the local
 * GitHub fake. 20 pull requests, 100 deliveries within a minute — opens, two superseding
 * pushes each, redeliveries (same delivery id) to another replica arriving late — and one
 * replica SIGKILLed mid-run and replaced. Prints one JSON line of what GitHub ended up with.
 * Options: --replicas N (3), --pulls N (20), --seconds N (55, the delivery window),
 * --workers N (each replica's PREADMIT_WORKERS; default one thread per CPU).
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const REPLICAS = Number(args.get('replicas') ?? 3);
const PULLS = Number(args.get('pulls') ?? 20);
const WINDOW_S = Number(args.get('seconds') ?? 55);
const REPLICA_ENTRY = fileURLToPath(new URL('./replica.ts', import.meta.url));

const redis = await startTestRedis();
if ('skip' in redis) {
  console.error(`npm run load needs Redis: ${redis.skip}`);
  process.exit(2);
}
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const fake = new FakeGitHub(APP_ID, privateKey);
const { host } = await fake.start();
fake.installations.add(INSTALLATION_ID);
const repo = fake.repo('acme', 'load');
const base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml'), 'README.md': '# load\n' });
repo.refs.set('main', base);
const prefix = redis.prefix();
const env = {
  PATH: process.env['PATH'] ?? '',
  APP_ID: String(APP_ID),
  PRIVATE_KEY: privateKey,
  WEBHOOK_SECRET: SECRET,
  GHE_HOST: host,
  GHE_PROTOCOL: 'http',
  REDIS_URL: redis.url,
  PREADMIT_REDIS_PREFIX: prefix,
  PREADMIT_LOCK_MS: '5000',
  PREADMIT_LANE_RETRY_MS: '200',
  PREADMIT_JOB_BACKOFF_MS: '500',
  PREADMIT_SWEEP_INTERVAL_SECONDS: '30',
  PREADMIT_SWEEP_DELAY_SECONDS: '20',
  PREADMIT_WORKER_CONCURRENCY: '4',
  ...(args.has('workers') ? { PREADMIT_WORKERS: args.get('workers') ?? '' } : {}),
};

interface Replica {
  child: ChildProcess;
  url: string;
  alive: boolean;
}

function startReplica(): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA_ENTRY], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], alive: true });
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
  });
}

const replicas = await Promise.all(Array.from({ length: REPLICAS }, () => startReplica()));
const answers: number[] = [];
const statuses = new Map<number, number>();

async function deliver(to: number, event: string, payload: object, id: string): Promise<void> {
  let replica = replicas[to % replicas.length]!;
  for (let i = 0; !replica.alive && i < replicas.length; i++) replica = replicas[(to + i) % replicas.length]!;
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const started = performance.now();
  const response = await fetch(`${replica.url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': signature }, body }).catch(() => undefined);
  answers.push(performance.now() - started);
  const status = response?.status ?? 0;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  await response?.text();
}

// The plan: open, push, push; the open and the first push redelivered late to another replica.
type Step = { at: number; run: () => Promise<void> };
const steps: Step[] = [];
const firstDelivery = new Map<string, number>();
const opened = new Map<number, { payload: object; id: string; to: number }>();
const pushed = new Map<number, { payload: object; id: string; to: number }>();
const slot = (phase: number, pr: number): number => ((phase * PULLS + pr) / (5 * PULLS)) * WINDOW_S * 1000;
let counter = 0;
for (let pr = 1; pr <= PULLS; pr++) {
  const file = `apps/web-${pr}.yaml`;
  const text = (n: number): string => manifest('web-latest.yaml').replaceAll('name: web', `name: web-${pr}`).replace('replicas: ', `# push ${n}\n  replicas: `);
  const send = (phase: number, action: string, keep?: Map<number, { payload: object; id: string; to: number }>): Step => ({
    at: slot(phase, pr),
    run: async () => {
      if (action === 'opened') repo.setPull(pr, base, repo.commit({ ...repo.filesOf(base), [file]: text(0) }, `open ${pr}`, [base]));
      else {
        const current = repo.pulls.get(pr)!.headSha;
        repo.setPull(pr, base, repo.commit({ ...repo.filesOf(current), [file]: text(phase) }, `push ${pr}`, [current]));
      }
      const payload = pullRequestPayload(repo, action, pr);
      const id = randomUUID();
      const to = counter++;
      keep?.set(pr, { payload, id, to });
      firstDelivery.set(repo.pulls.get(pr)!.headSha, Date.now());
      await deliver(to, 'pull_request', payload, id);
    },
  });
  const redeliver = (phase: number, from: Map<number, { payload: object; id: string; to: number }>): Step => ({
    at: slot(phase, pr),
    run: async () => {
      const d = from.get(pr)!;
      await deliver(d.to + 1, 'pull_request', d.payload, d.id);
    },
  });
  steps.push(send(0, 'opened', opened), send(1, 'synchronize', pushed), redeliver(2, opened), send(3, 'synchronize'), redeliver(4, pushed));
}
steps.sort((a, b) => a.at - b.at);

const t0 = Date.now();
const killAt = slot(1, Math.floor(PULLS / 2));
let killed = false;
const inflight: Array<Promise<void>> = [];
for (const step of steps) {
  const wait = t0 + step.at - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (!killed && step.at >= killAt) {
    killed = true;
    const victim = replicas[0]!;
    victim.alive = false;
    victim.child.removeAllListeners('exit');
    victim.child.kill('SIGKILL');
    inflight.push(startReplica().then((fresh) => void (replicas[0] = fresh)));
  }
  inflight.push(step.run());
}
await Promise.all(inflight);
const deliveredInMs = Date.now() - t0;

// Wait for every newest head to be completed and nothing left unfinished (at most 4 minutes).
const newest = (): string[] => [...repo.pulls.values()].map((p) => p.headSha);
const settled = (): boolean => newest().every((sha) => repo.checkRunsFor(sha).some((r) => r.status === 'completed')) && repo.checkRuns.every((r) => r.status === 'completed');
const deadline = Date.now() + 240_000;
while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));

const perHead = new Map<string, number>();
for (const run of repo.checkRuns) perHead.set(run.head_sha, (perHead.get(run.head_sha) ?? 0) + 1);
const markers = new Map<string, number>();
for (const pr of repo.pulls.keys()) for (const c of repo.reviewComments(pr)) for (const m of c.body.matchAll(/<!-- preadmit:fp=([0-9a-f]+) -->/g)) markers.set(`${pr}:${m[1]}`, (markers.get(`${pr}:${m[1]}`) ?? 0) + 1);
const latencies = newest()
  .map((sha) => {
    const run = repo.checkRunsFor(sha).find((r) => r.status === 'completed');
    const from = firstDelivery.get(sha);
    return run?.completedAt && from ? run.completedAt - from : undefined;
  })
  .filter((n): n is number => n !== undefined)
  .sort((a, b) => a - b);
const pct = (values: number[], p: number): number => Math.round(values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? NaN);
const answered = [...answers].sort((a, b) => a - b);
const result = {
  replicas: REPLICAS,
  pullRequests: PULLS,
  deliveries: answers.length,
  redeliveries: 2 * PULLS,
  deliveredWithinMs: deliveredInMs,
  answers: Object.fromEntries(statuses),
  killedAndReplaced: killed ? 1 : 0,
  headShas: perHead.size,
  checkRuns: repo.checkRuns.length,
  checkRunsPerHeadSha: Object.fromEntries([...perHead.values()].reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<number, number>())),
  headsWithTwoRuns: [...perHead.values()].filter((n) => n > 1).length,
  unfinishedCheckRuns: repo.checkRuns.filter((r) => r.status !== 'completed').length,
  newestHeadsCompleted: `${newest().filter((sha) => repo.checkRunsFor(sha).some((r) => r.status === 'completed' && r.conclusion !== 'cancelled')).length}/${PULLS}`,
  newestHeadsWithOneRun: `${newest().filter((sha) => repo.checkRunsFor(sha).length === 1).length}/${PULLS}`,
  duplicateReviewComments: [...markers.values()].reduce((sum, n) => sum + (n - 1), 0),
  conclusions: Object.fromEntries(repo.checkRuns.reduce((m, r) => m.set(String(r.conclusion), (m.get(String(r.conclusion)) ?? 0) + 1), new Map<string, number>())),
  deliveryToCompletedMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.round(latencies.at(-1) ?? NaN) },
  webhookAnswerMs: { p50: Math.round(pct(answered, 50)), p95: Math.round(pct(answered, 95)), max: Math.round(answered.at(-1) ?? NaN) },
};
console.log(JSON.stringify(result));

await Promise.all(replicas.map((r) => new Promise<void>((resolve) => {
  if (r.child.exitCode !== null || !r.alive) return resolve();
  r.child.once('exit', () => resolve());
  r.child.kill('SIGTERM');
  setTimeout(() => { r.child.kill('SIGKILL'); resolve(); }, 10_000).unref();
})));
await fake.stop();
await redis.stop();
process.exit(result.unfinishedCheckRuns === 0 && result.headsWithTwoRuns === 0 && result.duplicateReviewComments === 0 && result.newestHeadsCompleted === `${PULLS}/${PULLS}` ? 0 : 1);
