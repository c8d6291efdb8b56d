import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Start src/main.ts as `npm start` would, and resolve with the address it logs. */
function startMain(env: NodeJS.ProcessEnv): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/[^"\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`main exited with ${code}: ${out}`)));
  });
  return { child, url };
}

describe('src/main.ts', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts from Probot’s environment with the built-in policies and serves /healthz and /metrics', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const env = { PATH: process.env['PATH'] ?? '', APP_ID: '9', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: 's', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' as const };
    const { child, url } = startMain(env);
    children.push(child);
    const base = await url;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', busyPullRequests: 0 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('preadmit_webhook_events_total');
    expect(metrics).toContain('preadmit_process_cpu_seconds_total');
    // SIGTERM: finish queued checks, close the server, exit 0.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
