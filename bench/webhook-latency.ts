/**
 * `npm run bench:webhook`: how fast the app answers webhooks while it checks a large Helm
 * render. The app runs as `npm start` would (its own process, embedded queue, the built-in
 * policies) against the local GitHub fake; a pull request changes a chart that renders
 * 3,000 Deployments (both sides rendered, evaluated, fixes derived). While that check runs,
 * a signed delivery (an event the app accepts and ignores: the full webhook path) is sent
 * every 50 ms (open loop: not waiting for earlier answers) and its answer time recorded. Once with the worker-thread pool
 * (PREADMIT_WORKERS default) and once in the event loop's thread (PREADMIT_WORKERS=0).
 * Prints one JSON line per mode: p50/p95/max answer time during the check, the check's
 * duration and conclusion. Options: --deployments N (3000), --modes pool,inline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BUILTIN_POLICIES } from '../src/cli/check-command.ts';
import { FakeGitHub } from '../test/e2e/fake-github.ts';
import { APP_ID, INSTALLATION_ID, pullRequestPayload, SECRET } from '../test/e2e/harness.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const DEPLOYMENTS = Number(args.get('deployments') ?? 3000);
const MODES = (args.get('modes') ?? 'pool,inline').split(',');
const INTERVAL_MS = 50;
const REPLICA = fileURLToPath(new URL('../scripts/load/replica.ts', import.meta.url));

const template = `{{- range $i := until (int .Values.count) }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{{ $i }}
  namespace: shop
  labels:
    app.kubernetes.io/name: web-{{ $i }}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-{{ $i }}
  template:
    metadata:
      labels:
        app: web-{{ $i }}
    spec:
      containers:
        - name: web
          image: {{ $.Values.image }}
          ports:
            - containerPort: 8080
{{- end }}
`;
const chart = (image: string): Record<string, string> => ({
  'charts/big/Chart.yaml': 'apiVersion: v2\nname: big\nversion: 0.1.0\n',
  'charts/big/values.yaml': `count: ${DEPLOYMENTS}\nimage: ${image}\n`,
  'charts/big/templates/deployments.yaml': template,
});

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const fake = new FakeGitHub(APP_ID, privateKey);
const { host } = await fake.start();
fake.installations.add(INSTALLATION_ID);

function startApp(workers: string | undefined): Promise<{ child: ChildProcess; url: string }> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    APP_ID: String(APP_ID),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: host,
    GHE_PROTOCOL: 'http',
    LOAD_POLICY_DIRS: BUILTIN_POLICIES,
    PREADMIT_SWEEP_INTERVAL_SECONDS: '0',
    ...(workers === undefined ? {} : { PREADMIT_WORKERS: workers }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
  });
}

async function deliver(url: string, event: string, payload: object): Promise<{ ms: number; status: number }> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature }, body });
    await response.text();
    return { ms: performance.now() - started, status: response.status };
  } catch {
    // A connection reset or refused: GitHub would count the delivery as failed (status 0 here).
    return { ms: performance.now() - started, status: 0 };
  }
}

const pct = (sorted: number[], p: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

for (const [index, mode] of MODES.entries()) {
  const repo = fake.repo('acme', `big-${index}`);
  const base = repo.commit(chart('registry.example.com/web:1.0.0'), 'chart');
  const head = repo.commit(chart('registry.example.com/web:1.1.0'), 'bump', [base]);
  repo.setPull(1, base, head);
  const app = await startApp(mode === 'inline' ? '0' : undefined);
  // An event the app takes and ignores (another app's check): signature, Probot, our handler.
  const ping = { action: 'rerequested', check_run: { id: 9, name: 'someone-else', head_sha: head, pull_requests: [] }, repository: { id: 1, name: repo.name, full_name: repo.fullName, owner: { login: repo.owner }, html_url: `https://github.com/${repo.fullName}` }, installation: { id: INSTALLATION_ID } };
  for (let i = 0; i < 20; i++) await deliver(app.url, 'check_run', ping);
  const started = performance.now();
  const opened = await deliver(app.url, 'pull_request', pullRequestPayload(repo, 'opened', 1));
  const answers: number[] = [];
  const statuses: Record<string, number> = {};
  const done = (): boolean => repo.checkRunsFor(head).some((r) => r.status === 'completed');
  // Open loop: a delivery every 50 ms whether or not the earlier ones were answered, as
  // GitHub sends them (waiting for each answer would hide a blocked event loop).
  const inFlight: Array<Promise<void>> = [];
  for (let tick = 0; !done() && performance.now() - started < 900_000; tick++) {
    inFlight.push(
      deliver(app.url, 'check_run', ping).then((answer) => {
        answers.push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      }),
    );
    await sleep(Math.max(0, started + (tick + 1) * INTERVAL_MS - performance.now()));
  }
  const checkSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  const run = repo.checkRunsFor(head)[0];
  answers.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      mode: mode === 'inline' ? 'event loop (PREADMIT_WORKERS=0)' : 'worker threads (PREADMIT_WORKERS default)',
      deployments: DEPLOYMENTS,
      openedAnswerMs: Math.round(opened.ms),
      checkSeconds: Math.round(checkSeconds * 10) / 10,
      conclusion: run?.conclusion ?? run?.status ?? 'none',
      title: run?.output.title,
      webhooksDuringCheck: answers.length,
      statuses,
      webhookAnswerMs: { p50: pct(answers, 50), p95: pct(answers, 95), max: Math.round(answers.at(-1) ?? NaN) },
    }),
  );
  const exited = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  await exited;
}
await fake.stop();
