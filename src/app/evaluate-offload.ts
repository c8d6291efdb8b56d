import { MessageChannel } from 'node:worker_threads';
import type { WorkerPool } from '../workers/pool.ts';
import type { EvaluateChangeInput, EvaluateChangeOutput } from '../workers/tasks/evaluate-change.ts';
import { checkpoint, LimitExceeded } from './github.ts';

/** Where a check's CPU work runs when it leaves the event loop: the shared worker-thread pool. */
export interface Offload {
  pool: WorkerPool;
  /** The app's policy folders, which each worker thread loads itself. */
  appPolicyDirs: string[];
  /** Heap limit of a worker thread, in MiB (PREADMIT_JOB_MEMORY_MB), for the message when a check goes over it. */
  memoryMb: number;
  /** Hears each task's end: done, stopped (the signal), memory (over the heap limit) or error. */
  onTask?: (result: 'done' | 'stopped' | 'memory' | 'error', seconds: number) => void;
}

/** After a stop is asked, how long a task may take to wind down (renderers killed) before its thread is terminated. */
export const STOP_GRACE_MS = 1_000;

function outOfMemory(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') return true;
  }
  return false;
}

/**
 * Run the evaluate-change task on the pool. When `signal` aborts (a newer head, a shutdown,
 * the job's time limit), the worker is told to stop its renderers and the stop's reason is
 * thrown at once (checkpoint). Over the time limit, a task still running STOP_GRACE_MS later
 * (pure JavaScript work) has its thread terminated; a superseded or interrupted task winds
 * down on its own and its thread, with the policies it loaded, stays. A worker over its heap
 * limit is a LimitExceeded('memory').
 */
export async function evaluateInWorker(offload: Offload, input: Omit<EvaluateChangeInput, 'cancel'>, signal: AbortSignal): Promise<EvaluateChangeOutput> {
  checkpoint(signal);
  const { port1, port2 } = new MessageChannel();
  const terminate = new AbortController();
  const started = performance.now();
  const heard = (result: 'done' | 'stopped' | 'memory' | 'error'): void => offload.onTask?.(result, (performance.now() - started) / 1000);
  let grace: NodeJS.Timeout | undefined;
  let stop = (): void => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = (): void => {
      port1.postMessage('stop');
      if (signal.reason instanceof LimitExceeded) grace = setTimeout(() => terminate.abort(), STOP_GRACE_MS);
      reject(signal.reason);
    };
  });
  stopped.catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  const task = offload.pool.run('evaluate-change', { ...input, cancel: port2 }, { signal: terminate.signal, transferList: [port2] });
  // The channel and the timer live as long as the task, also past a stop.
  void task.then(
    () => undefined,
    () => undefined,
  ).finally(() => {
    clearTimeout(grace);
    port1.close();
    signal.removeEventListener('abort', stop);
  });
  let output: EvaluateChangeOutput;
  try {
    output = await Promise.race([task, stopped]);
  } catch (error) {
    if (signal.aborted) {
      heard('stopped');
      checkpoint(signal);
    }
    const memory = outOfMemory(error);
    heard(memory ? 'memory' : 'error');
    if (memory) throw new LimitExceeded('memory', `The check needed more than its memory limit of ${offload.memoryMb} MiB (PREADMIT_JOB_MEMORY_MB) and was stopped.`);
    throw error;
  }
  heard(signal.aborted ? 'stopped' : 'done');
  checkpoint(signal);
  return output;
}

/**
 * Start every thread and have it load its code and the app's policies now, so the first
 * checks after a start do not wait for that. Resolves when every thread is ready (a
 * failure is only reported: the checks then load what they need themselves).
 */
export async function warmUp(offload: Offload, onError: (error: unknown) => void): Promise<void> {
  const empty = { appPolicies: { dirs: offload.appPolicyDirs }, policyTexts: [], variables: {}, manifests: [], head: new Map<string, string>(), base: new Map<string, string>() };
  await Promise.all(Array.from({ length: offload.pool.size }, () => offload.pool.run('evaluate-change', empty).then(() => undefined, onError)));
}
