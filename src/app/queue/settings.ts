import { availableParallelism } from 'node:os';

export type Role = 'web' | 'worker' | 'all';

/** How a replica runs, from its environment (names in the README's deployment section). */
export interface QueueSettings {
  /** Redis connection (REDIS_URL); undefined: the embedded, in-process queue. */
  redisUrl: string | undefined;
  role: Role;
  prefix: string;
  attempts: number;
  backoffMs: number;
  concurrency: number;
  lockMs: number;
  laneRetryMs: number;
  jobTimeoutMs: number;
  /** Heap limit of a worker thread running a check's rendering and evaluation (PREADMIT_JOB_MEMORY_MB). */
  jobMemoryMb: number;
  headPollMs: number;
  graceMs: number;
  /** 0: no sweep. */
  sweepIntervalMs: number;
  /** First sweep after start. */
  sweepDelayMs: number;
  /** Pull requests updated within this window are swept. */
  sweepWindowMs: number;
}

export type SettingsResult = { ok: true; settings: QueueSettings } | { ok: false; error: string };

/**
 * Read the queue settings; a bad value is an error naming the variable and what it takes.
 * PREADMIT_ROLE web needs REDIS_URL (a web-only replica hands every job to the workers).
 */
export function queueSettings(env: NodeJS.ProcessEnv): SettingsResult {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min = 0): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      problems.push(`${name}=${raw} is not a whole number of at least ${min}`);
      return fallback;
    }
    return value;
  };
  const redisUrl = env['REDIS_URL'] || undefined;
  const roleRaw = env['PREADMIT_ROLE'] || 'all';
  const role: Role = roleRaw === 'web' || roleRaw === 'worker' || roleRaw === 'all' ? roleRaw : 'all';
  if (role !== roleRaw) problems.push(`PREADMIT_ROLE=${roleRaw} is not one of web, worker, all`);
  if (role !== 'all' && !redisUrl) problems.push(`PREADMIT_ROLE=${role} needs REDIS_URL: web and worker replicas share their jobs through Redis`);
  const shared = redisUrl !== undefined;
  const settings: QueueSettings = {
    redisUrl,
    role,
    prefix: env['PREADMIT_REDIS_PREFIX'] || 'preadmit',
    attempts: int('PREADMIT_JOB_ATTEMPTS', shared ? 5 : 3, 1),
    backoffMs: int('PREADMIT_JOB_BACKOFF_MS', shared ? 5_000 : 1_000),
    concurrency: int('PREADMIT_WORKER_CONCURRENCY', Math.max(2, availableParallelism()), 1),
    lockMs: int('PREADMIT_LOCK_MS', 30_000, 1_000),
    laneRetryMs: int('PREADMIT_LANE_RETRY_MS', 1_000, 10),
    jobTimeoutMs: int('PREADMIT_JOB_TIMEOUT_SECONDS', 600, 1) * 1000,
    jobMemoryMb: int('PREADMIT_JOB_MEMORY_MB', 2048, 64),
    headPollMs: int('PREADMIT_HEAD_POLL_MS', shared ? 1_000 : 100, 10),
    graceMs: int('PREADMIT_SHUTDOWN_GRACE_SECONDS', 25) * 1000,
    sweepIntervalMs: int('PREADMIT_SWEEP_INTERVAL_SECONDS', 600) * 1000,
    sweepDelayMs: int('PREADMIT_SWEEP_DELAY_SECONDS', 10) * 1000,
    sweepWindowMs: int('PREADMIT_SWEEP_WINDOW_HOURS', 168) * 3600 * 1000,
  };
  return problems.length > 0 ? { ok: false, error: problems.join('; ') } : { ok: true, settings };
}
