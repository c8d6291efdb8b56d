import { availableParallelism } from 'node:os';

/** The environment variable that sets the number of worker threads (0: run tasks in the calling thread). */
export const WORKERS_ENV = 'PREADMIT_WORKERS';

export type PoolSize = { ok: true; value: number } | { ok: false; error: string };

/**
 * Worker threads to start: PREADMIT_WORKERS when set (a whole number, 0 for none), else one
 * per CPU the process may use. Never more than 64.
 */
export function poolSize(env: Readonly<Record<string, string | undefined>>, cpus: number = availableParallelism()): PoolSize {
  const raw = env[WORKERS_ENV]?.trim();
  if (raw === undefined || raw === '') return { ok: true, value: Math.max(1, Math.min(64, cpus)) };
  if (!/^\d+$/.test(raw)) return { ok: false, error: `${WORKERS_ENV} must be a whole number of worker threads (0 to run without them), not "${raw}"` };
  return { ok: true, value: Math.min(64, Number(raw)) };
}
