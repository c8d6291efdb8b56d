import { describe, expect, it } from 'vitest';
import type { WorkerPool } from '../workers/pool.ts';
import type { EvaluateChangeInput, EvaluateChangeOutput } from '../workers/tasks/evaluate-change.ts';
import { evaluateInWorker, STOP_GRACE_MS, type Offload } from './evaluate-offload.ts';
import { LimitExceeded, Superseded } from './github.ts';

const OUTPUT: EvaluateChangeOutput = { evaluation: { classified: { new: [], existing: [], fixed: [] }, stats: { files: 1, resources: 1 }, headLines: new Map(), fixProblems: [] } };
const INPUT: Omit<EvaluateChangeInput, 'cancel'> = { policyTexts: [], variables: {}, manifests: [], head: new Map(), base: new Map() };

/** A pool whose one task behaves as `behave` says; it records whether the pool was told to terminate the thread. */
function poolDoing(behave: (input: EvaluateChangeInput, terminate: AbortSignal) => Promise<EvaluateChangeOutput>): { offload: Offload; terminated: () => number | undefined } {
  let terminatedAt: number | undefined;
  const pool = {
    size: 1,
    run: (_task: string, input: EvaluateChangeInput, options: { signal?: AbortSignal }) => {
      options.signal?.addEventListener('abort', () => (terminatedAt = Date.now()));
      return behave(input, options.signal as AbortSignal);
    },
  } as unknown as WorkerPool;
  const results: string[] = [];
  return { offload: { pool, appPolicyDirs: [], memoryMb: 256, onTask: (r) => results.push(r) }, terminated: () => terminatedAt };
}

/** Like piscina: a running task rejects with an AbortError when its signal aborts. */
const untilTerminated = (signal: AbortSignal): Promise<never> => new Promise((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('The task has been aborted'), { name: 'AbortError' }))));

describe('evaluateInWorker', () => {
  it('returns the task output when nothing stops it', async () => {
    const { offload, terminated } = poolDoing(async () => OUTPUT);
    expect(await evaluateInWorker(offload, INPUT, new AbortController().signal)).toBe(OUTPUT);
    expect(terminated()).toBeUndefined();
  });

  it('asks the task to stop, and throws the stop reason when the task winds down in time', async () => {
    const { offload, terminated } = poolDoing((input, signal) => new Promise((resolve, reject) => {
      input.cancel?.once('message', () => setTimeout(() => resolve(OUTPUT), 20));
      void untilTerminated(signal).catch(reject);
    }));
    const job = new AbortController();
    setTimeout(() => job.abort(new LimitExceeded('time', 'over the time limit')), 20);
    await expect(evaluateInWorker(offload, INPUT, job.signal)).rejects.toMatchObject({ limit: 'time' });
    expect(terminated()).toBeUndefined();
  });

  it('over the time limit, terminates a task that does not wind down (CPU-bound) after the grace period', async () => {
    const { offload, terminated } = poolDoing((_input, signal) => untilTerminated(signal));
    const job = new AbortController();
    setTimeout(() => job.abort(new LimitExceeded('time', 'over the time limit')), 20);
    await expect(evaluateInWorker(offload, INPUT, job.signal)).rejects.toBeInstanceOf(LimitExceeded);
    const abortedAt = Date.now();
    expect(terminated()).toBeUndefined();
    await new Promise((r) => setTimeout(r, STOP_GRACE_MS + 200));
    expect(terminated()).toBeGreaterThanOrEqual(abortedAt + STOP_GRACE_MS - 100);
  });

  it('superseded, gives up at once and leaves the thread to wind down (no termination)', async () => {
    let finished = false;
    const { offload, terminated } = poolDoing((input, signal) => new Promise((resolve, reject) => {
      input.cancel?.once('message', () => setTimeout(() => { finished = true; resolve(OUTPUT); }, STOP_GRACE_MS + 300));
      void untilTerminated(signal).catch(reject);
    }));
    const job = new AbortController();
    setTimeout(() => job.abort(new Superseded('b'.repeat(40))), 20);
    const started = Date.now();
    await expect(evaluateInWorker(offload, INPUT, job.signal)).rejects.toBeInstanceOf(Superseded);
    expect(Date.now() - started).toBeLessThan(STOP_GRACE_MS);
    await new Promise((r) => setTimeout(r, STOP_GRACE_MS + 600));
    expect(finished).toBe(true);
    expect(terminated()).toBeUndefined();
  });

  it('turns a worker out of memory into the memory limit', async () => {
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    const { offload } = poolDoing(() => Promise.reject(new Error('worker task evaluate-change failed', { cause: oom })));
    const error = await evaluateInWorker(offload, INPUT, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceeded);
    expect(error).toMatchObject({ limit: 'memory', message: 'The check needed more than its memory limit of 256 MiB (PREADMIT_JOB_MEMORY_MB) and was stopped.' });
  });

  it('passes other task errors on', async () => {
    const { offload } = poolDoing(() => Promise.reject(new Error('worker task evaluate-change failed: boom')));
    await expect(evaluateInWorker(offload, INPUT, new AbortController().signal)).rejects.toThrow(/boom/);
  });
});
