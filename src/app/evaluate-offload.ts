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
 * the job's time limit), the worker is told to stop its renderers; a task still running
 * STOP_GRACE_MS later has its thread terminated. Either way the stop's reason is thrown
 * (checkpoint). A worker over its heap limit is a LimitExceeded('memory').
 */
export async function evaluateInWorker(offload: Offload, input: Omit<EvaluateChangeInput, 'cancel'>, signal: AbortSignal): Promise<EvaluateChangeOutput> {
  checkpoint(signal);
  const { port1, port2 } = new MessageChannel();
  const terminate = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const stop = (): void => {
    port1.postMessage('stop');
    grace = setTimeout(() => terminate.abort(), STOP_GRACE_MS);
  };
  signal.addEventListener('abort', stop, { once: true });
  const started = performance.now();
  const heard = (result: 'done' | 'stopped' | 'memory' | 'error'): void => offload.onTask?.(result, (performance.now() - started) / 1000);
  let output: EvaluateChangeOutput;
  try {
    output = await offload.pool.run('evaluate-change', { ...input, cancel: port2 }, { signal: terminate.signal, transferList: [port2] });
  } catch (error) {
    if (signal.aborted) {
      heard('stopped');
      checkpoint(signal);
    }
    const memory = outOfMemory(error);
    heard(memory ? 'memory' : 'error');
    if (memory) throw new LimitExceeded('memory', `The check needed more than its memory limit of ${offload.memoryMb} MiB (PREADMIT_JOB_MEMORY_MB) and was stopped.`);
    throw error;
  } finally {
    clearTimeout(grace);
    signal.removeEventListener('abort', stop);
    port1.close();
  }
  heard(signal.aborted ? 'stopped' : 'done');
  checkpoint(signal);
  return output;
}
