import type { ProbotOctokit } from 'probot';

/** The authenticated GitHub client of one installation (Probot's Octokit). */
export type GitHub = InstanceType<typeof ProbotOctokit>;

export interface RepoId {
  owner: string;
  repo: string;
}

/** The request was superseded by a newer head SHA. */
export class Superseded extends Error {
  readonly by: string;
  constructor(by: string) {
    super(`superseded by ${by}`);
    this.by = by;
  }
}

/** Stop here when a newer push superseded this work. */
export function checkpoint(signal: AbortSignal): void {
  if (signal.aborted) throw new Superseded(String(signal.reason));
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
