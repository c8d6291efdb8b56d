import { Interrupted } from '../github.ts';
import { jobId, type CheckJob, type DeadLetter, type JobQueue, type QueueStats } from './job.ts';
import type { Attempt, JobResult } from './process-job.ts';
import { isRetryable } from './retryable.ts';

export type Processor = (job: CheckJob, attempt: Attempt, stop: AbortSignal) => Promise<JobResult>;

export interface QueueEvents {
  done: (job: CheckJob, result: JobResult | 'handed-back' | 'error', seconds: number) => void;
  retry: (job: CheckJob, error: unknown, attempt: Attempt, delayMs: number) => void;
  dead: (letter: DeadLetter, error: unknown) => void;
}

export interface MemoryQueueOptions {
  /** Attempts per job (PREADMIT_JOB_ATTEMPTS). */
  attempts: number;
  /** Backoff before attempt n+1: base * 2^(n-1) (PREADMIT_JOB_BACKOFF_MS). */
  backoffMs: number;
  events: QueueEvents;
  /** Dead letters kept for the operator (oldest dropped first). */
  deadCapacity?: number;
  /** A job left unstarted when the shutdown grace ran out (its run is recorded so the next start resumes it). */
  leftBehind?: (job: CheckJob) => Promise<void>;
}

interface Lane {
  running: { id: string; job: CheckJob } | undefined;
  pending: Array<{ id: string; job: CheckJob }>;
}

/**
 * The embedded queue (no REDIS_URL): jobs serialised per lane in this process, deduplicated
 * by job id while waiting or running, retried with backoff, dead-lettered when exhausted.
 * Superseding is decided by the job itself against GitHub (processJob), not by arrival order.
 */
export class MemoryQueue implements JobQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #ids = new Set<string>();
  readonly #idleWaiters: Array<() => void> = [];
  readonly #dead: DeadLetter[] = [];
  readonly #processor: Processor;
  readonly #options: MemoryQueueOptions;
  readonly #stop = new AbortController();
  #draining = false;
  #delayed = 0;

  constructor(processor: Processor, options: MemoryQueueOptions) {
    this.#processor = processor;
    this.#options = options;
  }

  add(job: CheckJob): Promise<'added' | 'duplicate'> {
    if (this.#draining) return Promise.reject(new Error('the queue is shutting down'));
    const id = jobId(job);
    if (this.#ids.has(id)) return Promise.resolve('duplicate');
    this.#ids.add(id);
    const lane = this.#lanes.get(job.lane) ?? { running: undefined, pending: [] };
    this.#lanes.set(job.lane, lane);
    lane.pending.push({ id, job });
    if (!lane.running) this.#next(job.lane, lane);
    return Promise.resolve('added');
  }

  idle(): Promise<void> {
    if (this.#lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Finish what is queued within the grace period; then running jobs are interrupted at
   * their next checkpoint and unstarted ones handed to `leftBehind`, so nothing is lost.
   */
  async drain(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), graceOver]);
    clearTimeout(timer);
    this.#draining = true;
    if (this.#lanes.size === 0) return;
    const left = [...this.#lanes.values()].flatMap((lane) => lane.pending.splice(0).map((p) => p.job));
    this.#stop.abort(new Interrupted());
    await Promise.all(left.map((job) => this.#options.leftBehind?.(job).catch(() => {})));
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, 5_000))]);
  }

  stats(): Promise<QueueStats> {
    let waiting = 0;
    let active = 0;
    for (const lane of this.#lanes.values()) {
      waiting += lane.pending.length;
      if (lane.running) active++;
    }
    return Promise.resolve({ waiting, active, delayed: this.#delayed, dead: this.#dead.length, busyLanes: this.#lanes.size });
  }

  /** Lanes with work (the health endpoint's busyPullRequests). */
  get size(): number {
    return this.#lanes.size;
  }

  deadLetters(): Promise<DeadLetter[]> {
    return Promise.resolve([...this.#dead]);
  }

  async redrive(maxAgeMs: number): Promise<number> {
    const now = Date.now();
    const again = this.#dead.filter((d) => d.retryable && now - Date.parse(d.at) <= maxAgeMs);
    for (const letter of again) this.#dead.splice(this.#dead.indexOf(letter), 1);
    for (const letter of again) await this.add(letter.job);
    return again.length;
  }

  async close(): Promise<void> {
    this.#draining = true;
    this.#stop.abort(new Interrupted());
  }

  #next(key: string, lane: Lane): void {
    const entry = lane.pending.shift();
    if (!entry) {
      this.#lanes.delete(key);
      if (this.#lanes.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      return;
    }
    lane.running = entry;
    void this.#run(entry.job).finally(() => {
      lane.running = undefined;
      this.#ids.delete(entry.id);
      this.#next(key, lane);
    });
  }

  async #run(job: CheckJob): Promise<void> {
    const max = Math.max(1, this.#options.attempts);
    for (let number = 1; ; number++) {
      const attempt = { number, max };
      const started = Date.now();
      const seconds = (): number => (Date.now() - started) / 1000;
      try {
        const result = await this.#processor(job, attempt, this.#stop.signal);
        this.#options.events.done(job, result, seconds());
        return;
      } catch (error) {
        if (error instanceof Interrupted) {
          // Nobody to hand the job to in this mode: its run stays in progress and the sweep
          // of the next start (or another replica) resumes it.
          this.#options.events.done(job, 'handed-back', seconds());
          return;
        }
        this.#options.events.done(job, 'error', seconds());
        const retryable = isRetryable(error);
        if (!retryable || number >= max || this.#draining) {
          const letter = { job, reason: error instanceof Error ? error.message : String(error), retryable, attempts: number, at: new Date().toISOString() };
          this.#dead.push(letter);
          if (this.#dead.length > (this.#options.deadCapacity ?? 1_000)) this.#dead.shift();
          this.#options.events.dead(letter, error);
          return;
        }
        const delayMs = this.#options.backoffMs * 2 ** (number - 1);
        this.#options.events.retry(job, error, attempt, delayMs);
        this.#delayed++;
        await new Promise((r) => setTimeout(r, delayMs));
        this.#delayed--;
      }
    }
  }
}
