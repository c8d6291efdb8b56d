import Bottleneck from 'bottleneck';
import { ProbotOctokit } from 'probot';

export interface OctokitTuning {
  /** Milliseconds per second of a server-given wait (retry-after, rate-limit reset); 1000 in production. */
  retryAfterBaseMs?: number;
  /** Minimum gap between content-creating requests (the plugin's default is 1 s; 3 s for notifying ones such as reviews). */
  writeMinTimeMs?: number;
  /** Give up on rate limits that ask to wait longer than this many seconds. */
  maxWaitSeconds?: number;
  /** Client timeout of one GitHub request, body included (PREADMIT_GITHUB_TIMEOUT_MS; 30 s by default). */
  requestTimeoutMs?: number;
}

interface LimitOptions {
  method: string;
  url: string;
  request: { retryCount: number };
}

/**
 * Probot's Octokit with preadmit's retry policy: 5xx are retried by @octokit/plugin-retry
 * (3 times, growing waits); primary and secondary rate limits (403/429 with
 * x-ratelimit-remaining: 0 or retry-after) are retried twice after the wait GitHub gives,
 * unless that wait is longer than maxWaitSeconds — then the check run fails with the reason.
 */
export function createOctokitClass(tuning: OctokitTuning = {}): typeof ProbotOctokit {
  const base = tuning.retryAfterBaseMs ?? 1000;
  const maxWait = tuning.maxWaitSeconds ?? 120;
  const fetch = timedFetch(tuning.requestTimeoutMs ?? 30_000);
  const groups =
    tuning.writeMinTimeMs === undefined
      ? {}
      : {
          write: new Bottleneck.Group({ id: 'preadmit-write', maxConcurrent: 1, minTime: tuning.writeMinTimeMs }),
          notifications: new Bottleneck.Group({ id: 'preadmit-notifications', maxConcurrent: 1, minTime: tuning.writeMinTimeMs }),
        };
  const retryOnLimit = (retryAfter: number, options: LimitOptions, octokit: { log: { warn: (m: string) => void } }): boolean => {
    const again = options.request.retryCount < 2 && retryAfter <= maxWait;
    octokit.log.warn(`GitHub rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter}s` : 'giving up'}`);
    return again;
  };
  return ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
    ...instance,
    throttle: {
      ...(instance['throttle'] as object | undefined),
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: retryOnLimit,
      onSecondaryRateLimit: retryOnLimit,
      ...groups,
    },
    retry: { retryAfterBaseValue: base },
    request: { ...(instance['request'] as object | undefined), fetch },
  })) as typeof ProbotOctokit;
}

/**
 * fetch with a client timeout over the whole exchange (headers and body): a request GitHub
 * does not answer in time fails with a message naming the limit, and is retried like a 5xx.
 */
export function timedFetch(timeoutMs: number, inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await inner(input, { ...init, signal });
      // Read the body under the same deadline, so a stalled body cannot hang the check.
      const body = await response.arrayBuffer();
      const copy = new Response(response.status === 204 || response.status === 205 || response.status === 304 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(copy, 'url', { value: response.url });
      return copy;
    } catch (error) {
      if (timeout.aborted) throw new Error(`GitHub did not answer within ${timeoutMs} ms (client timeout, PREADMIT_GITHUB_TIMEOUT_MS)`, { cause: error });
      throw error;
    }
  };
}
