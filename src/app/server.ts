import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, type Logger, type ProbotOctokit } from 'probot';
import type { Policy } from '../policy/types.ts';
import { preadmitApp } from './app.ts';
import { DeliveryLog } from './delivery-log.ts';
import type { evaluateChange } from './evaluate-change.ts';
import { createMetrics, type AppMetrics } from './metrics.ts';
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
}

export interface AppServer {
  url: string;
  port: number;
  metrics: AppMetrics;
  /** Resolves when no check is running or waiting. */
  idle: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The app on a plain node:http server: Probot's webhook middleware (signature verified
 * with WEBHOOK_SECRET; a forged delivery gets 400 and runs nothing), /healthz and /metrics.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const overrides: Record<string, unknown> = {};
  if (options.Octokit) overrides['Octokit'] = options.Octokit;
  if (options.log) overrides['log'] = options.log;
  const probot = createProbot({ env: options.env, overrides });
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const queue = new WorkQueue((error, job) => probot.log.error({ err: error, key: job.key, sha: job.sha }, 'check job failed'));
  const app = preadmitApp({ policies: options.policies, metrics, queue, deliveries: new DeliveryLog(), now: options.now ?? (() => new Date()), ...(options.evaluate ? { evaluate: options.evaluate } : {}) });
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: options.env['WEBHOOK_PATH'] || '/api/github/webhooks' });
  const server = createServer((req, res) => {
    void handle(req, res, middleware, metrics, queue);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  probot.log.info(`preadmit listening on http://${host}:${address.port}`);
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    port: address.port,
    metrics,
    idle: () => queue.idle(),
    close: () => closeServer(server),
  };
}

type Middleware = Awaited<ReturnType<typeof createNodeMiddleware>>;

async function handle(req: IncomingMessage, res: ServerResponse, middleware: Middleware, metrics: AppMetrics, queue: WorkQueue): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', busyPullRequests: queue.size }));
    return;
  }
  if (req.method === 'GET' && path === '/metrics') {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
    return;
  }
  await middleware(req, res, () => {
    if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
