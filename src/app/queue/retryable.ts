/**
 * Whether a failed attempt is worth another: GitHub 5xx and timeouts, rate limits, lost
 * connections. A 4xx that is not a rate limit (bad request, not found, no permission) fails
 * the same way next time, and so does an error without a status (a bug, a broken input).
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.status === 'number') {
    if (e.status >= 500 || e.status === 429) return true;
    return e.status === 403 && /rate limit/i.test(message);
  }
  if (typeof e.code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(e.code)) return true;
  return /did not answer within|socket hang up|Connection is closed|ECONNRESET|ECONNREFUSED/.test(message);
}
