/** A unit of work for one pull request (or merge group) at one head SHA. */
export interface Job {
  /** Serialisation key, e.g. "owner/repo#12". */
  key: string;
  /** The head SHA the job evaluates; a job for another SHA supersedes this one. */
  sha: string;
  /** Do the work; stop early when `superseded` is aborted (its reason is the newer SHA). */
  run: (superseded: AbortSignal) => Promise<void>;
}

interface Lane {
  running: { job: Job; controller: AbortController } | undefined;
  pending: Job | undefined;
}

/**
 * Work serialised per key: at most one job runs per pull request; a job waiting behind it
 * is replaced by a newer one; a job for a new head SHA aborts the running job (which must
 * complete its check run as superseded). Jobs for different keys run concurrently.
 */
export class WorkQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #idleWaiters: Array<() => void> = [];
  readonly #onError: (error: unknown, job: Job) => void;

  constructor(onError: (error: unknown, job: Job) => void) {
    this.#onError = onError;
  }

  enqueue(job: Job): void {
    const lane = this.#lanes.get(job.key) ?? { running: undefined, pending: undefined };
    this.#lanes.set(job.key, lane);
    if (lane.running && lane.running.job.sha !== job.sha) lane.running.controller.abort(job.sha);
    lane.pending = job;
    if (!lane.running) this.#next(job.key, lane);
  }

  /** Resolves when no job is running or waiting. */
  idle(): Promise<void> {
    if (this.#lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  get size(): number {
    return this.#lanes.size;
  }

  #next(key: string, lane: Lane): void {
    const job = lane.pending;
    lane.pending = undefined;
    if (!job) {
      this.#lanes.delete(key);
      if (this.#lanes.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      return;
    }
    const controller = new AbortController();
    lane.running = { job, controller };
    void (async () => {
      try {
        await job.run(controller.signal);
      } catch (error) {
        this.#onError(error, job);
      } finally {
        lane.running = undefined;
        this.#next(key, lane);
      }
    })();
  }
}
