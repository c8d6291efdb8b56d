import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbot, type Logger, type ProbotOctokit } from 'probot';
import type { Policy } from '../policy/types.ts';
import { preadmitApp } from './app.ts';
import { DeliveryLog } from './delivery-log.ts';
import type { evaluateChange } from './evaluate-change.ts';
import { createMetrics, type AppMetrics } from './metrics.ts';
import { MemoryPayloadLog, type PayloadLog } from './payload-log.ts';
import { receiveWebhook } from './webhook-receiver.ts';
import { webhookSecret } from './webhook-secret.ts';
import { WorkQueue } from './work-queue.ts';

export interface AppServerOptions {
  /** Probot's standard variables: APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, LOG_FORMAT. */
  env: NodeJS.ProcessEnv;
  policies: readonly Policy[];
  port?: number;
  host?: string;
  /** Octokit class (e.g. ProbotOctokit.defaults({...}) with other retry/throttle settings). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  now?: () => Date;
  defaultMetrics?: boolean;
  /** Replace the evaluation (tests); evaluateChange by default. */
  evaluate?: typeof evaluateChange;
  /** Where processed (event, payload digest) pairs are remembered (default: in memory, 3 days). */
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
  /** Resolves when no check is running or waiting. */
  idle: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The app on a plain node:http server: the webhook endpoint (body capped at 25 MB, HMAC
 * signature verified with WEBHOOK_SECRET before anything is parsed, replays refused; a
 * refused delivery runs nothing), /healthz, and /metrics — on the webhook port, or only on
 * METRICS_PORT when that is set. Refuses to start without WEBHOOK_SECRET (webhookSecret).
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const secret = webhookSecret(options.env);
  if (!secret.ok) throw new Error(secret.error);
  const overrides: Record<string, unknown> = {};
  if (options.Octokit) overrides['Octokit'] = options.Octokit;
  if (options.log) overrides['log'] = options.log;
  const probot = createProbot({ env: { ...options.env, WEBHOOK_SECRET: secret.secret }, overrides });
  if (secret.development) probot.log.warn('PREADMIT_DEVELOPMENT=true and no WEBHOOK_SECRET: deliveries signed with the public development secret are accepted. Never run like this outside development.');
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const queue = new WorkQueue((error, job) => probot.log.error({ err: error, key: job.key, sha: job.sha }, 'check job failed'));
  const app = preadmitApp({ policies: options.policies, metrics, queue, deliveries: new DeliveryLog(), now: options.now ?? (() => new Date()), ...(options.evaluate ? { evaluate: options.evaluate } : {}) });
  await probot.load(app);
  const webhooksPath = options.env['WEBHOOK_PATH'] || '/api/github/webhooks';
  const payloads = options.payloads ?? new MemoryPayloadLog();
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
  const server = createServer((req, res) => {
    void handle(req, res, { webhooksPath, receive, metrics: metricsPort === undefined ? metrics : undefined, queue });
  });
  const url = await listen(server, options.port ?? 3000, host);
  probot.log.info(`preadmit listening on ${url}`);
  let metricsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (metricsPort !== undefined) {
    metricsServer = createServer((req, res) => void handle(req, res, { metrics }));
    metricsUrl = await listen(metricsServer, metricsPort, options.env['METRICS_HOST'] || host);
    probot.log.info(`preadmit metrics on ${metricsUrl}/metrics`);
  }
  return {
    url,
    port: Number(new URL(url).port),
    metrics,
    ...(metricsUrl === undefined ? {} : { metricsUrl }),
    idle: () => queue.idle(),
    close: async () => {
      await Promise.all([closeServer(server), ...(metricsServer ? [closeServer(metricsServer)] : [])]);
    },
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
  queue?: WorkQueue;
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: Routes): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz' && routes.queue) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', busyPullRequests: routes.queue.size }));
    return;
  }
  if (req.method === 'GET' && path === '/metrics' && routes.metrics) {
    const body = await routes.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': routes.metrics.registry.contentType }).end(body);
    return;
  }
  if (req.method === 'POST' && path === routes.webhooksPath && routes.receive) return routes.receive(req, res);
  req.resume();
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
