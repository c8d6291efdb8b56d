import Bottleneck from 'bottleneck';
import { ProbotOctokit } from 'probot';

export interface OctokitTuning {
  /** Milliseconds per second of a server-given wait (retry-after, rate-limit reset); 1000 in production. */
  retryAfterBaseMs?: number;
  /** Minimum gap between content-creating requests (the plugin's default is 1 s; 3 s for notifying ones such as reviews). */
  writeMinTimeMs?: number;
  /** Give up on rate limits that ask to wait longer than this many seconds. */
  maxWaitSeconds?: number;
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
  })) as typeof ProbotOctokit;
}
