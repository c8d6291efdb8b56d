import type { ProbotOctokit } from 'probot';

/** The authenticated GitHub client of one installation (Probot's Octokit). */
export type GitHub = InstanceType<typeof ProbotOctokit>;

export interface RepoId {
  owner: string;
  repo: string;
}

/** Work stopped at a checkpoint: superseded, interrupted by a shutdown, or over a limit. */
export class Stopped extends Error {}

/** The request was superseded by a newer head SHA. */
export class Superseded extends Stopped {
  readonly by: string;
  constructor(by: string) {
    super(`superseded by ${by}`);
    this.by = by;
  }
}

/** The replica is shutting down: the job is handed back to the queue, its check run left to be resumed. */
export class Interrupted extends Stopped {
  constructor() {
    super('interrupted by a shutdown; the check is handed back to the queue');
  }
}

/** A job went over one of its limits (time or memory). */
export class LimitExceeded extends Stopped {
  readonly limit: 'time' | 'memory';
  constructor(limit: 'time' | 'memory', message: string) {
    super(message);
    this.limit = limit;
  }
}

/** Stop here when a newer push superseded this work (or the job was otherwise stopped). */
export function checkpoint(signal: AbortSignal): void {
  if (!signal.aborted) return;
  if (signal.reason instanceof Stopped) throw signal.reason;
  throw new Superseded(String(signal.reason));
}

/** A readable one-line reason for an error (Octokit errors carry status and URL). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const e = error as Error & { status?: number; request?: { method?: string; url?: string } };
    const where = e.request?.method && e.request.url ? ` (${e.request.method} ${redactUrl(e.request.url)})` : '';
    const status = typeof e.status === 'number' ? `HTTP ${e.status}: ` : '';
    return `${status}${e.message}${where}`;
  }
  return String(error);
}

function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token)=)[^&]+/g, '$1***');
}
