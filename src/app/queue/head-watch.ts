import type { HeadStore } from './stores.ts';

export interface HeadWatch {
  lane: string;
  /** The SHA the job works on. */
  sha: string;
  /** The pull request's head when the job started (GitHub's answer), which does not supersede it. */
  baseline: string;
  heads: HeadStore;
  /** Ask GitHub for the pull request's current head. */
  currentHead: () => Promise<string>;
  /** Called once with the newer head that supersedes the job. */
  superseded: (by: string) => void;
  pollMs: number;
  onError: (error: unknown) => void;
}

/**
 * Watch the lane's head record while a job runs. A different SHA recorded by a delivery is
 * only a hint: GitHub is asked for the pull request's head, and the job is superseded only
 * when GitHub's head is neither the job's SHA nor the head it started under. Out-of-order
 * deliveries (an older synchronize, a late `opened`) therefore never cancel the newest head.
 */
export interface Watching {
  stop: () => void;
  /** Look at the head record now (and ask GitHub if it changed): call before publishing. */
  settle: () => Promise<void>;
}

export function watchHead(watch: HeadWatch): Watching {
  let busy: Promise<void> | undefined;
  let done = false;
  const tick = async (): Promise<void> => {
    const record = await watch.heads.get(watch.lane);
    if (!record || record.sha === watch.sha || record.sha === watch.baseline) return;
    let head = record.sha;
    if (!record.confirmed) {
      head = await watch.currentHead();
      await watch.heads.confirm(watch.lane, head);
    }
    if (head !== watch.sha && head !== watch.baseline && !done) {
      done = true;
      watch.superseded(head);
    }
  };
  const run = (): Promise<void> => {
    busy ??= tick()
      .catch(watch.onError)
      .finally(() => (busy = undefined));
    return busy;
  };
  const timer = setInterval(() => {
    if (!done) void run();
  }, watch.pollMs);
  timer.unref();
  return {
    stop: () => {
      done = true;
      clearInterval(timer);
    },
    settle: async () => {
      if (done) return;
      await busy;
      await run();
    },
  };
}
