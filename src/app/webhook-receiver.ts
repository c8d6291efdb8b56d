import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import type { Logger } from 'probot';
import type { PayloadLog } from './payload-log.ts';

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before it is read. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookReceiverDeps {
  secret: string;
  payloads: PayloadLog;
  /** Hands a verified, first-seen delivery to the app (Probot's receive). */
  receive: (event: { id: string; name: string; payload: unknown }) => Promise<void>;
  log: Logger;
  /** Counts refused deliveries by reason (metrics). */
  refused?: (reason: RefusalReason) => void;
  maxBytes?: number;
}

export type RefusalReason = 'too-large' | 'missing-headers' | 'bad-signature' | 'bad-json' | 'replayed';

type BodyRead = { ok: true; body: Buffer } | { ok: false; bytes: number };

/** Read at most `max` bytes of the request; stop (and report how much came) as soon as there is more. */
function readCapped(req: IncomingMessage, max: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve({ ok: false, bytes: declared });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const done = (result: BodyRead): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > max) {
        req.pause();
        chunks.length = 0;
        done({ ok: false, bytes });
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => done({ ok: true, body: Buffer.concat(chunks) });
    const onError = (): void => done({ ok: false, bytes });
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * The webhook endpoint: the body is capped at 25 MB while it is read (never buffered whole
 * beyond that), its HMAC signature is verified with the webhook secret before anything is
 * parsed, and a body already processed under another delivery id (a replay) is not
 * processed again. A refused delivery gets a 4xx answer and one short log line — never
 * the body.
 */
export async function receiveWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookReceiverDeps): Promise<void> {
  const id = header(req, 'x-github-delivery');
  const name = header(req, 'x-github-event');
  const signature = header(req, 'x-hub-signature-256');
  const refuse = (status: number, reason: RefusalReason, message: string, extra: Record<string, unknown> = {}): void => {
    deps.log.warn({ delivery: id.slice(0, 64), event: name.slice(0, 64), reason, ...extra }, `webhook delivery refused: ${message}`);
    deps.refused?.(reason);
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', ...(status === 413 ? { connection: 'close' } : {}) }).end(`${message}\n`);
  };
  if (!id || !name || !signature) {
    req.resume();
    return refuse(400, 'missing-headers', 'X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 are required');
  }
  const read = await readCapped(req, deps.maxBytes ?? MAX_WEBHOOK_BYTES);
  if (!read.ok) {
    refuse(413, 'too-large', `the body is larger than ${deps.maxBytes ?? MAX_WEBHOOK_BYTES} bytes`, { bytes: read.bytes });
    // The rest is discarded as it comes (never kept), and the connection is cut soon after.
    res.once('finish', () => {
      req.resume();
      setTimeout(() => req.destroy(), 1000).unref();
    });
    return;
  }
  const text = read.body.toString('utf8');
  const valid = await verify(deps.secret, text, signature).catch(() => false);
  if (!valid) return refuse(400, 'bad-signature', 'the signature does not match the body and the webhook secret', { bytes: read.body.length });
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return refuse(400, 'bad-json', 'the body is not JSON', { bytes: read.body.length });
  }
  const digest = createHash('sha256').update(read.body).digest('hex');
  const first = await deps.payloads.claim(`${name}:${digest}`, id);
  if (first !== id) {
    // Answered 200: GitHub never sends one body under two ids, so there is nothing to retry.
    refuse(200, 'replayed', `the same ${name} body was already delivered as ${first.slice(0, 64)}`);
    return;
  }
  try {
    await deps.receive({ id, name, payload });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  } catch (error) {
    deps.log.error({ delivery: id, event: name, error: error instanceof Error ? error.message.slice(0, 500) : 'unknown' }, 'webhook handler failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('handler failed\n');
  }
}
