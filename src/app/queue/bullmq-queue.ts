import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError, Interrupted } from '../github.ts';
import { CheckAbandoned } from '../run-check.ts';
import { jobId, type CheckJob, type DeadLetter, type JobQueue, type QueueStats } from './job.ts';
import type { Processor, QueueEvents } from './memory-queue.ts';
import type { JobResult } from './process-job.ts';
import { LaneLocks } from './redis-stores.ts';
import { isRetryable } from './retryable.ts';

export const QUEUE_NAME = 'preadmit-checks';

export interface BullQueueOptions {
  /** A connection for the queue (BullMQ duplicates it for the worker's blocking reads); maxRetriesPerRequest must be null. */
  connection: Redis;
  /** Key prefix of everything preadmit keeps in Redis (PREADMIT_REDIS_PREFIX). */
  prefix: string;
  /** Take jobs in this process (roles worker and all); false for a web-only replica. */
  work: boolean;
  processor: Processor;
  events: QueueEvents;
  attempts: number;
  backoffMs: number;
  /** Jobs one replica runs at once (PREADMIT_WORKER_CONCURRENCY). */
  concurrency: number;
  /** How long a replica's hold on a job (and on its lane) lasts without renewal: a dead replica's jobs are taken over after about this long. */
  lockMs: number;
  /** Wait before trying again a job whose pull request is busy on another replica. */
  laneRetryMs: number;
}

/**
 * The shared queue (REDIS_URL): jobs are BullMQ jobs whose id is derived from lane, head
 * SHA and run key, so a delivery (or a redelivery to another replica) adds nothing new while
 * the same work waits or runs. A job takes its lane's lease before it runs (one job per pull
 * request at a time, across replicas); a busy lane moves the job back to delayed without
 * spending an attempt. Failed attempts retry with exponential backoff; exhausted or
 * unrecoverable jobs stay in the failed set, the dead-letter queue. A replica that dies is
 * replaced by BullMQ's stalled-job recovery, and the job resumes on the same check run.
 */
export class BullQueue implements JobQueue {
  readonly #queue: Queue;
  readonly #worker: Worker | undefined;
  readonly #locks: LaneLocks;
  readonly #options: BullQueueOptions;
  readonly #stop = new AbortController();
  readonly #running = new Map<string, CheckJob>();

  constructor(options: BullQueueOptions) {
    this.#options = options;
    this.#locks = new LaneLocks(options.connection, options.prefix);
    this.#queue = new Queue(QUEUE_NAME, { connection: options.connection, prefix: options.prefix });
    if (options.work) {
      this.#worker = new Worker(QUEUE_NAME, (job, token) => this.#process(job, token), {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        lockDuration: options.lockMs,
        // A dead replica's job is moved back at the first stalled check after its lock expired
        // (the check before marked it): checking every lockMs/3 bounds that at ~4/3 lockMs;
        // every lockMs it took up to twice as long (over a minute with the 30 s default).
        stalledInterval: Math.max(250, Math.floor(options.lockMs / 3)),
        maxStalledCount: 2,
      });
      this.#worker.on('completed', (job, result: JobResult) => options.events.done(job.data as CheckJob, result, seconds(job)));
      this.#worker.on('failed', (job, error) => {
        if (!job) return;
        const data = job.data as CheckJob;
        const max = job.opts.attempts ?? 1;
        options.events.done(data, 'error', seconds(job));
        if (error instanceof UnrecoverableError || job.attemptsMade >= max) {
          options.events.dead({ job: data, reason: job.failedReason ?? describeError(error), retryable: isRetryable(error), attempts: job.attemptsMade, at: new Date().toISOString() }, error);
        } else {
          options.events.retry(data, error, { number: job.attemptsMade, max }, backoff(options.backoffMs, job.attemptsMade));
        }
      });
      this.#worker.on('error', () => {});
    }
  }

  async add(job: CheckJob): Promise<'added' | 'duplicate'> {
    const id = jobId(job);
    const existing = await this.#queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'duplicate';
      // Finished work for the same id (a dead letter, a kept completion): this delivery asks again.
      await existing.remove().catch(() => {});
    }
    await this.#queue.add(job.kind, job, {
      jobId: id,
      attempts: this.#options.attempts,
      backoff: { type: 'exponential', delay: this.#options.backoffMs },
      removeOnComplete: true,
      removeOnFail: { count: 1_000 },
    });
    return 'added';
  }

  async drain(graceMs: number): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    const closing = worker.close();
    if (await settlesWithin(closing, graceMs)) return;
    // Past the grace period: running jobs stop at their next checkpoint and go back to the queue.
    this.#stop.abort(new Interrupted());
    await settlesWithin(closing, 5_000);
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stats(): Promise<QueueStats> {
    const c = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    const waiting = (c['waiting'] ?? 0) + (c['prioritized'] ?? 0);
    return { waiting, active: c['active'] ?? 0, delayed: c['delayed'] ?? 0, dead: c['failed'] ?? 0, busyLanes: new Set([...this.#running.values()].map((j) => j.lane)).size };
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const failed = await this.#queue.getFailed(0, 999);
    return failed.map((job) => ({
      job: job.data as CheckJob,
      reason: job.failedReason,
      retryable: !/^check run completed as /.test(job.failedReason) && job.failedReason !== 'unrecoverable',
      attempts: job.attemptsMade,
      at: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    }));
  }

  async redrive(maxAgeMs: number): Promise<number> {
    const now = Date.now();
    let count = 0;
    for (const job of await this.#queue.getFailed(0, 999)) {
      const retryable = (job.data as { retryable?: boolean }).retryable !== false && !/^(check run completed as |unrecoverable: )/.test(job.failedReason);
      if (!retryable || now - (job.finishedOn ?? job.timestamp) > maxAgeMs) continue;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      count++;
    }
    return count;
  }

  async close(): Promise<void> {
    this.#stop.abort(new Interrupted());
    await this.#worker?.close(true);
    await this.#queue.close();
  }

  async #process(bullJob: BullJob, token: string | undefined): Promise<JobResult> {
    const job = bullJob.data as CheckJob;
    const lease = `${bullJob.id}:${randomUUID()}`;
    const { lockMs, laneRetryMs } = this.#options;
    if (!(await this.#locks.acquire(job.lane, lease, lockMs))) {
      // Another replica works on this pull request: come back later, without spending an attempt.
      await bullJob.moveToDelayed(Date.now() + laneRetryMs + Math.floor(Math.random() * laneRetryMs), token);
      throw new DelayedError();
    }
    const renew = setInterval(() => void this.#locks.renew(job.lane, lease, lockMs).catch(() => {}), Math.max(200, Math.floor(lockMs / 3)));
    this.#running.set(lease, job);
    try {
      return await this.#options.processor(job, { number: bullJob.attemptsMade + 1, max: bullJob.opts.attempts ?? 1 }, this.#stop.signal);
    } catch (error) {
      if (error instanceof Interrupted) {
        // Hand the job back now rather than after the lock expires; the next holder resumes the same run.
        await bullJob.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (error instanceof CheckAbandoned) throw new UnrecoverableError(error.message);
      if (!isRetryable(error)) throw new UnrecoverableError(`unrecoverable: ${describeError(error)}`);
      throw error;
    } finally {
      clearInterval(renew);
      this.#running.delete(lease);
      await this.#locks.release(job.lane, lease).catch(() => {});
    }
  }
}

function seconds(job: BullJob): number {
  return job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
}

function backoff(base: number, attemptsMade: number): number {
  return base * 2 ** Math.max(0, attemptsMade - 1);
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = promise.then(
    () => true as const,
    () => true as const,
  );
  const settled = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return settled;
}
