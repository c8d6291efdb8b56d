import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbot, type Logger, type ProbotOctokit } from 'probot';
import type { Policy } from '../policy/types.ts';
import { preadmitApp } from './app.ts';
import { DrainGate } from './drain.ts';
import { evaluateChange } from './evaluate-change.ts';
import { warmUp, type Offload } from './evaluate-offload.ts';
import type { GitHub } from './github.ts';
import { instrumented } from './instrument.ts';
import { startSweeper, type Sweeper } from './liveness/sweep.ts';
import { createMetrics, type AppMetrics } from './metrics.ts';
import type { PayloadLog } from './payload-log.ts';
import type { JobQueue } from './queue/job.ts';
import { createRuntime } from './queue/runtime.ts';
import { queueSettings, type QueueSettings } from './queue/settings.ts';
import { answerHealth, leaveForRestart } from './replica.ts';
import { receiveWebhook } from './webhook-receiver.ts';
import { webhookSecret } from './webhook-secret.ts';
import { createWorkerPool } from '../workers/pool.ts';
import { poolSize } from '../workers/pool-size.ts';

export interface AppServerOptions {
  /**
   * Probot's standard variables: APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET,
   * WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, LOG_FORMAT, REDIS_URL; and the queue's
   * (PREADMIT_ROLE, PREADMIT_JOB_ATTEMPTS, … see src/app/queue/settings.ts).
   */
  env: NodeJS.ProcessEnv;
  policies: readonly Policy[];
  /**
   * The folders `policies` were loaded from. With them, each check's rendering and evaluation
   * run in worker threads (PREADMIT_WORKERS threads, default one per CPU; 0: in the event
   * loop's thread), each bounded by PREADMIT_JOB_MEMORY_MB; without them (or with `evaluate`),
   * in the event loop's thread.
   */
  policyDirs?: readonly string[];
  port?: number;
  host?: string;
  /** Octokit class (e.g. ProbotOctokit.defaults({...}) with other retry/throttle settings). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  now?: () => Date;
  defaultMetrics?: boolean;
  /** Replace the evaluation (tests; it then runs in the event loop's thread); evaluateChange by default. */
  evaluate?: typeof evaluateChange;
  /** Where processed (event, payload digest) pairs are remembered (default: in memory, or in Redis with REDIS_URL; 3 days). */
  payloads?: PayloadLog;
  /** Port of a separate /metrics listener (default: env METRICS_PORT; unset: /metrics on the webhook port). */
  metricsPort?: number;
}

export interface AppServer {
  url: string;
  port: number;
  metrics: AppMetrics;
  /** The separate metrics listener's address, when there is one. */
  metricsUrl?: string;
  queue: JobQueue;
  settings: QueueSettings;
  sweeper: Sweeper;
  /** Resolves when the worker threads have loaded their code and the app's policies (at once without threads). */
  ready: Promise<void>;
  /** Resolves when no check is running or waiting. */
  idle: () => Promise<void>;
  /** SIGTERM: answer new deliveries 503, finish or hand back the jobs held within the grace period, close. */
  shutdown: (graceMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The app on a plain node:http server: the webhook endpoint (body capped at 25 MB, HMAC
 * signature verified with WEBHOOK_SECRET before anything is parsed, replays refused; a
 * refused delivery runs nothing), /healthz, and /metrics — on the webhook port, or only on
 * METRICS_PORT when that is set. Refuses to start without WEBHOOK_SECRET (webhookSecret).
 * PREADMIT_ROLE=worker serves only /healthz and /metrics; web takes deliveries but runs no job.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const secret = webhookSecret(options.env);
  if (!secret.ok) throw new Error(secret.error);
  const parsed = queueSettings(options.env);
  if (!parsed.ok) throw new Error(`preadmit cannot start: ${parsed.error}`);
  const settings = parsed.settings;
  const threads = poolSize(options.env);
  if (!threads.ok) throw new Error(`preadmit cannot start: ${threads.error}`);
  // A web replica runs no check; a test's own evaluate function cannot travel to a thread.
  const offload: Offload | undefined =
    threads.value > 0 && options.policyDirs !== undefined && options.evaluate === undefined && settings.role !== 'web'
      ? { pool: createWorkerPool({ size: threads.value, maxOldGenerationSizeMb: settings.jobMemoryMb }), appPolicyDirs: [...options.policyDirs], memoryMb: settings.jobMemoryMb }
      : undefined;
  const overrides: Record<string, unknown> = {};
  if (options.Octokit) overrides['Octokit'] = options.Octokit;
  if (options.log) overrides['log'] = options.log;
  const probot = createProbot({ env: { ...options.env, WEBHOOK_SECRET: secret.secret }, overrides });
  if (secret.development) probot.log.warn('PREADMIT_DEVELOPMENT=true and no WEBHOOK_SECRET: deliveries signed with the public development secret are accepted. Never run like this outside development.');
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false, role: settings.role });
  const now = options.now ?? (() => new Date());
  if (offload) offload.onTask = (result, seconds) => metrics.workerTasks.observe({ result }, seconds);
  const ready = offload ? warmUp(offload, (error) => probot.log.warn({ err: error }, 'a worker thread could not load the policies ahead of the first check')) : Promise.resolve();
  const githubFor = async (installationId: number): Promise<GitHub> => instrumented((await probot.auth(installationId)) as unknown as GitHub, metrics);
  const runtime = await createRuntime({
    settings,
    process: { githubFor, policies: options.policies, metrics, now, evaluate: options.evaluate ?? evaluateChange, ...(offload ? { offload } : {}), log: probot.log },
    metrics,
    log: probot.log,
    leftBehind: (job) => leaveForRestart(job, githubFor, now, probot.log),
  });
  await probot.load(preadmitApp({ metrics, queue: runtime.queue, seen: runtime.seen, heads: runtime.heads, repos: runtime.repos, now }));
  const webhooksPath = options.env['WEBHOOK_PATH'] || '/api/github/webhooks';
  const payloads = options.payloads ?? runtime.payloads;
  const receive = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    receiveWebhook(req, res, {
      secret: secret.secret,
      payloads,
      receive: (event) => probot.receive(event as Parameters<typeof probot.receive>[0]),
      log: probot.log,
      refused: (reason) => metrics.events.inc({ event: 'webhook', action: '', outcome: `refused-${reason}` }),
    });
  const metricsPort = options.metricsPort ?? (options.env['METRICS_PORT'] ? Number(options.env['METRICS_PORT']) : undefined);
  const host = options.host ?? '0.0.0.0';
  const gate = new DrainGate();
  const health = (res: ServerResponse): Promise<void> => answerHealth(res, runtime, settings.role, gate);
  const routes: Routes = {
    health,
    gate,
    ...(settings.role === 'worker' ? {} : { webhooksPath, receive }),
    ...(metricsPort === undefined ? { metrics } : {}),
  };
  const server = createServer((req, res) => void handle(req, res, routes));
  const url = await listen(server, options.port ?? 3000, host);
  probot.log.info({ role: settings.role, queue: runtime.mode, workerThreads: offload?.pool.size ?? 0 }, `preadmit listening on ${url}`);
  let metricsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (metricsPort !== undefined) {
    metricsServer = createServer((req, res) => void handle(req, res, { metrics }));
    metricsUrl = await listen(metricsServer, metricsPort, options.env['METRICS_HOST'] || host);
    probot.log.info(`preadmit metrics on ${metricsUrl}/metrics`);
  }
  const sweeper = startSweeper(
    { appClient: async () => (await probot.auth()) as unknown as GitHub, githubFor, queue: runtime.queue, repos: runtime.repos, now, windowMs: settings.sweepWindowMs, log: probot.log },
    { delayMs: settings.sweepDelayMs, intervalMs: settings.role === 'web' ? 0 : settings.sweepIntervalMs, turn: runtime.sweepTurn },
  );
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      sweeper.stop();
      await Promise.all([closeServer(server), ...(metricsServer ? [closeServer(metricsServer)] : [])]);
      await runtime.close();
      await offload?.pool.close();
    })());
  return {
    url,
    port: Number(new URL(url).port),
    metrics,
    ...(metricsUrl === undefined ? {} : { metricsUrl }),
    queue: runtime.queue,
    settings,
    sweeper,
    ready,
    idle: () => runtime.queue.idle(),
    shutdown: async (graceMs = settings.graceMs) => {
      gate.start();
      sweeper.stop();
      await runtime.queue.drain(graceMs);
      await close();
    },
    close,
  };
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${address.port}`;
}

interface Routes {
  webhooksPath?: string;
  receive?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Serve /metrics here (absent when a separate metrics port serves it). */
  metrics?: AppMetrics | undefined;
  health?: (res: ServerResponse) => Promise<void>;
  /** During a drain, deliveries are answered 503. */
  gate?: DrainGate;
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: Routes): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz' && routes.health) return routes.health(res);
  if (req.method === 'GET' && path === '/metrics' && routes.metrics) {
    const body = await routes.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': routes.metrics.registry.contentType }).end(body);
    return;
  }
  if (req.method === 'POST' && path === routes.webhooksPath && routes.receive) {
    if (routes.gate?.refuse(req, res)) return;
    return routes.receive(req, res);
  }
  req.resume();
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
