import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../../src/app/server.ts';
import { loadPolicyDirs } from '../../src/pipeline/load-policy-dirs.ts';
import type { FakeRepo } from './fake-repo.ts';
import { FIXTURES, manifest, pullRequestPayload, SECRET, startHarness, type Harness } from './harness.ts';
import { join } from 'node:path';

/**
 * POST raw bytes to the webhook endpoint with node:http (declared length, or chunked). Like a
 * real client, it stops sending once the answer has come.
 */
function post(url: string, body: Buffer | (() => AsyncGenerator<Buffer>), headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${url}/api/github/webhooks`, { method: 'POST', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => {
      // The server may cut the connection of a refused body before the answer is read.
      if (!answered) (/EPIPE|ECONNRESET/.test(String(error)) ? resolve({ status: 0, text: 'connection cut' }) : reject(error));
    });
    if (Buffer.isBuffer(body)) {
      // A declared length longer than the body: the rest never comes, as with a slow sender.
      if (Number(headers['content-length'] ?? body.length) > body.length) req.write(body);
      else req.end(body);
      return;
    }
    void (async () => {
      for await (const chunk of body()) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => (req.once('drain', r), req.once('close', r)));
      }
      req.end();
    })();
  });
}

function signed(body: string, secret = SECRET): Record<string, string> {
  return { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
}

describe('authenticity of webhook deliveries', () => {
  let h: Harness;
  let repo: FakeRepo;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ logLines });
    repo = h.fake.repo('acme', 'private-gitops');
    base = repo.commit({ 'apps/settings.yaml': manifest('settings.yaml') });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses to start without WEBHOOK_SECRET (or with an empty one) outside PREADMIT_DEVELOPMENT=true', async () => {
    const { policies } = await loadPolicyDirs([join(FIXTURES, 'policies')]);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const env = { APP_ID: '1', PRIVATE_KEY: privateKey, GHE_HOST: '127.0.0.1:9', GHE_PROTOCOL: 'http' };
    const log = pino({ level: 'silent' });
    await expect(startAppServer({ env, policies, port: 0, host: '127.0.0.1', log })).rejects.toThrow(/WEBHOOK_SECRET is not set/);
    await expect(startAppServer({ env: { ...env, WEBHOOK_SECRET: '' }, policies, port: 0, host: '127.0.0.1', log })).rejects.toThrow(/WEBHOOK_SECRET is not set/);
    const dev = await startAppServer({ env: { ...env, PREADMIT_DEVELOPMENT: 'true' }, policies, port: 0, host: '127.0.0.1', log });
    await dev.close();
  });

  it('refuses a body over 25 MB before reading it whole (declared or chunked), with one short log line', async () => {
    const before = logLines.length;
    const declared = await post(h.app.url, Buffer.alloc(1024), { ...signed('{}'), 'content-length': String(100 * 1024 * 1024) });
    // 413, or the connection cut while the client was still sending.
    expect([413, 0]).toContain(declared.status);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const chunked = await post(
      h.app.url,
      async function* () {
        for (let i = 0; i < 100; i++) {
          yield chunk;
        }
      },
      { ...signed('{}'), 'transfer-encoding': 'chunked' },
    );
    expect([413, 0]).toContain(chunked.status);
    const lines = logLines.slice(before).filter((l) => l.includes('webhook delivery refused'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: 40, reason: 'too-large' });
    for (const line of lines) expect(line.length).toBeLessThan(400);
    expect(logLines.slice(before).every((l) => l.length < 2000)).toBe(true);
  });

  it('refuses a forged signature with one short log line and no GitHub request', async () => {
    const before = logLines.length;
    const requests = h.fake.requests.length;
    const body = JSON.stringify({ ...pullRequestPayload(repo, 'opened', 0 + setPull()), padding: 'x'.repeat(1024 * 1024) });
    const forged = await post(h.app.url, Buffer.from(body), signed(body, 'development'));
    expect(forged.status).toBe(400);
    await h.app.idle();
    expect(h.fake.requests.length).toBe(requests);
    const lines = logLines.slice(before);
    expect(lines.filter((l) => l.includes('webhook delivery refused'))).toHaveLength(1);
    expect(lines.every((l) => l.length < 2000)).toBe(true);
  });

  function setPull(): number {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-pinned.yaml') }, 'web', [base]);
    repo.setPull(1, base, head);
    return 1;
  }

  it('does not process a replayed body under a new delivery id, but does a GitHub redelivery (same id) of a failed one', async () => {
    const payload = pullRequestPayload(repo, 'opened', setPull());
    const head = repo.pulls.get(1)!.headSha;
    const first = await h.deliverAndSettle('pull_request', payload);
    expect(first.status).toBe(200);
    expect(repo.checkRunsFor(head)).toHaveLength(1);
    const before = logLines.length;
    const replay = await h.deliverAndSettle('pull_request', payload);
    expect(replay.id).not.toBe(first.id);
    expect(repo.checkRunsFor(head)).toHaveLength(1);
    expect(logLines.slice(before).filter((l) => /webhook delivery refused.*already delivered/.test(l))).toHaveLength(1);
    // The same delivery again (GitHub's redelivery keeps the id) reaches the app, which knows the id.
    const redelivery = await h.deliverAndSettle('pull_request', payload, first.id);
    expect(redelivery.status).toBe(200);
    expect(repo.checkRunsFor(head)).toHaveLength(1);
  });

  it('labels GitHub requests in /metrics by route template: no owner, repository, number or SHA', async () => {
    const text = await (await fetch(`${h.app.url}/metrics`)).text();
    const routes = [...text.matchAll(/preadmit_github_requests_total\{[^}]*route="([^"]*)"/g)].map((m) => m[1]!);
    expect(routes.length).toBeGreaterThan(3);
    for (const route of routes) {
      expect(route).not.toMatch(/acme|private-gitops|\/\d+(\/|$)|[0-9a-f]{40}|\?/);
    }
    // Octokit's own template, and the template of a paginated request's full URL.
    expect(routes).toContain('/repos/{owner}/{repo}/check-runs');
    expect(routes).toContain('/repos/{owner}/{repo}/pulls/{pull_number}/files');
  });
});

describe('a separate metrics port', () => {
  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const h = await startHarness({ env: { METRICS_PORT: '0' } });
    try {
      expect((await fetch(`${h.app.url}/metrics`)).status).toBe(404);
      expect(h.app.metricsUrl).toBeDefined();
      const metrics = await fetch(`${h.app.metricsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('preadmit_webhook_events_total');
      expect((await fetch(`${h.app.metricsUrl}/api/github/webhooks`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await h.stop();
    }
  });
});
