/** A unit of work for one pull request (or merge group) at one head SHA. */
export interface Job {
  /** Serialisation key, e.g. "owner/repo#12". */
  key: string;
  /** The head SHA the job works on. */
  sha: string;
  /**
   * True for work on a newly pushed head (pull_request events): it aborts the running job
   * and drops waiting ones for other SHAs. Re-runs and requested actions (false) wait
   * their turn instead, so re-running an old commit never cancels the newest one.
   */
  supersedes: boolean;
  /** Do the work; stop early when `superseded` is aborted (its reason is the newer SHA). */
  run: (superseded: AbortSignal) => Promise<void>;
}

interface Lane {
  running: { job: Job; controller: AbortController } | undefined;
  pending: Job[];
}

/**
 * Work serialised per key: one job runs at a time per pull request, the others wait in
 * order; a superseding job for a new head SHA aborts the running job (which must complete
 * its check run as superseded) and drops waiting jobs for other SHAs. Keys run concurrently.
 */
export class WorkQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #idleWaiters: Array<() => void> = [];
  readonly #onError: (error: unknown, job: Job) => void;

  constructor(onError: (error: unknown, job: Job) => void) {
    this.#onError = onError;
  }

  enqueue(job: Job): void {
    const lane = this.#lanes.get(job.key) ?? { running: undefined, pending: [] };
    this.#lanes.set(job.key, lane);
    if (job.supersedes) {
      if (lane.running && lane.running.job.sha !== job.sha) lane.running.controller.abort(job.sha);
      lane.pending = lane.pending.filter((p) => p.sha === job.sha);
    }
    lane.pending.push(job);
    if (!lane.running) this.#next(job.key, lane);
  }

  /** Resolves when no job is running or waiting. */
  idle(): Promise<void> {
    if (this.#lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Keys with work running or waiting. */
  get size(): number {
    return this.#lanes.size;
  }

  #next(key: string, lane: Lane): void {
    const job = lane.pending.shift();
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
