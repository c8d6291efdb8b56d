import { Redis } from 'ioredis';
import type { Logger } from 'probot';
import { describeError } from '../github.ts';
import type { AppMetrics } from '../metrics.ts';
import { MemoryActiveRepos, RedisActiveRepos, type ActiveRepos } from './active-repos.ts';
import { BullQueue } from './bullmq-queue.ts';
import type { CheckJob, JobQueue } from './job.ts';
import { MemoryQueue, type QueueEvents } from './memory-queue.ts';
import { processJob, type ProcessDeps } from './process-job.ts';
import { RedisHeadStore, RedisPayloadLog, RedisSeenStore } from './redis-stores.ts';
import { MemoryPayloadLog, REDELIVERY_WINDOW_MS, type PayloadLog } from '../payload-log.ts';
import type { QueueSettings } from './settings.ts';
import { MemoryHeadStore, MemorySeenStore, type HeadStore, type SeenStore } from './stores.ts';

/** The queue and the shared memory of one replica: in process, or in Redis when REDIS_URL is set. */
export interface Runtime {
  mode: 'embedded' | 'redis';
  queue: JobQueue;
  heads: HeadStore;
  /** Delivery ids (and, for the webhook guard, replayed payload digests) seen lately. */
  seen: SeenStore;
  repos: ActiveRepos;
  /** The webhook guard's replay memory ((event, payload digest) -> first delivery id). */
  payloads: PayloadLog;
  /** True when this replica should run the periodic sweep now (one replica per interval). */
  sweepTurn: (intervalMs: number) => Promise<boolean>;
  /** Lanes with work in this process (the embedded health answer). */
  busyLanes: () => number;
  close: () => Promise<void>;
}

export interface RuntimeOptions {
  settings: QueueSettings;
  /** What a job needs; heads is filled in here. */
  process: Omit<ProcessDeps, 'heads' | 'headPollMs' | 'jobTimeoutMs'>;
  metrics: AppMetrics;
  log: Logger;
  /** Embedded mode: a job left unstarted at the end of the shutdown grace. */
  leftBehind?: (job: CheckJob) => Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { settings, metrics, log } = options;
  const role = settings.role;
  const events: QueueEvents = {
    done: (job, result, seconds) => metrics.jobDuration.observe({ kind: job.kind, result, role }, seconds),
    retry: (job, error, attempt, delayMs) => {
      metrics.jobRetries.inc({ kind: job.kind, role });
      log.warn({ delivery: job.deliveryId, lane: job.lane, headSha: job.target.headSha, attempt: attempt.number, attempts: attempt.max, delayMs, reason: describeError(error) }, 'job attempt failed; retrying with backoff');
    },
    dead: (letter) => {
      metrics.deadLetters.inc({ kind: letter.job.kind, role });
      log.error({ delivery: letter.job.deliveryId, lane: letter.job.lane, headSha: letter.job.target.headSha, attempts: letter.attempts, reason: letter.reason }, 'job dead-lettered');
    },
  };
  if (!settings.redisUrl) {
    const heads = new MemoryHeadStore();
    const deps: ProcessDeps = { ...options.process, heads, headPollMs: settings.headPollMs, jobTimeoutMs: settings.jobTimeoutMs };
    const queue = new MemoryQueue((job, attempt, stop) => processJob(job, attempt, deps, stop), { attempts: settings.attempts, backoffMs: settings.backoffMs, events, ...(options.leftBehind ? { leftBehind: options.leftBehind } : {}) });
    metrics.queueSource.stats = () => queue.stats();
    return {
      mode: 'embedded',
      queue,
      heads,
      seen: new MemorySeenStore(),
      repos: new MemoryActiveRepos(),
      payloads: new MemoryPayloadLog(),
      sweepTurn: () => Promise.resolve(true),
      busyLanes: () => queue.size,
      close: () => queue.close(),
    };
  }
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on('error', (error) => log.error({ err: error }, 'Redis connection error'));
  await redis.connect();
  const heads = new RedisHeadStore(redis, settings.prefix);
  const deps: ProcessDeps = { ...options.process, heads, headPollMs: settings.headPollMs, jobTimeoutMs: settings.jobTimeoutMs };
  const queue = new BullQueue({
    connection: redis,
    prefix: settings.prefix,
    work: role !== 'web',
    processor: (job, attempt, stop) => processJob(job, attempt, deps, stop),
    events,
    attempts: settings.attempts,
    backoffMs: settings.backoffMs,
    concurrency: settings.concurrency,
    lockMs: settings.lockMs,
    laneRetryMs: settings.laneRetryMs,
  });
  metrics.queueSource.stats = () => queue.stats();
  return {
    mode: 'redis',
    queue,
    heads,
    seen: new RedisSeenStore(redis, settings.prefix),
    repos: new RedisActiveRepos(redis, settings.prefix),
    payloads: new RedisPayloadLog(redis, settings.prefix, REDELIVERY_WINDOW_MS),
    sweepTurn: async (intervalMs) => (await redis.set(`${settings.prefix}:sweep`, String(process.pid), 'PX', Math.max(1_000, intervalMs - 1_000), 'NX')) === 'OK',
    busyLanes: () => 0,
    close: async () => {
      await queue.close();
      await redis.quit().catch(() => {});
    },
  };
}
