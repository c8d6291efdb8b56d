import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** A key prefix of this test's own, so suites sharing one Redis never see each other's keys. */
  prefix: () => string;
  stop: () => Promise<void>;
}

/**
 * A real Redis for the queue tests: REDIS_URL when set, else a `redis-server` started on a
 * free port (nothing kept on disk), else a reason to skip that says what is missing.
 */
export async function startTestRedis(): Promise<TestRedis | { skip: string }> {
  const prefix = (): string => `preadmit-test-${randomUUID().slice(0, 8)}`;
  const given = process.env['REDIS_URL'];
  if (given) {
    if (await answers(given)) return { url: given, prefix, stop: async () => {} };
    return { skip: `REDIS_URL=${given} does not answer PING` };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) return { skip: 'no Redis: REDIS_URL is unset and redis-server is not on PATH (apt-get install redis-server)' };
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await answers(url))) {
    child.kill('SIGKILL');
    return { skip: `redis-server did not answer on port ${port}` };
  }
  return {
    url,
    prefix,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
