/**
 * The shared worker-thread pool (piscina) that runs CPU-heavy work — parsing, rendering,
 * evaluation, fix planning — off the calling thread, for the CLI and the app alike.
 *
 *   const pool = createWorkerPool({ size: 2 });          // size 0: run in the calling thread
 *   const out = await pool.run('check-files', input);    // one task
 *   await pool.run('evaluate-change', input, { signal, transferList }); // abortable; ports moved
 *   const outs = await pool.map('check-files', inputs);  // outputs in input order
 *   await pool.each('check-files', inputs, (out, i) => …); // in input order, as they finish,
 *                                                        // at most `window` outputs held
 *   await pool.close();
 *
 * Tasks are named entries of the explicit registry (registry.ts); inputs and outputs are
 * structured-cloneable plain data. Size: `poolSize(process.env)` — PREADMIT_WORKERS, else one
 * thread per CPU. Threads start on the first task. From the TypeScript sources (vitest, tsx)
 * a worker registers tsx before loading its entry (tsx-bootstrap.mjs); the compiled build
 * starts worker-entry.js directly. A task that throws, or a worker that dies, rejects with an
 * Error naming the task; the pool stays usable.
 */
import { fileURLToPath } from 'node:url';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runsCompiled, runtimeEntry } from '../core/package-files.ts';
import { runTask, type TaskInput, type TaskName, type TaskOutput } from './registry.ts';
import type { TaskMessage } from './worker-entry.ts';

export interface WorkerPoolOptions {
  /** Worker threads; 0 runs every task in the calling thread. */
  size: number;
  /** Heap limit of each worker thread, in MiB (default: V8's). */
  maxOldGenerationSizeMb?: number;
}

export interface RunOptions {
  /** Aborting it rejects the task; a task already running has its worker thread terminated (the pool starts another). */
  signal?: AbortSignal;
  /** Objects in the input moved to the worker rather than copied (a MessagePort, an ArrayBuffer). */
  transferList?: TransferListItem[];
}

export interface EachOptions {
  /** Most tasks started but not yet handed to the callback (default: two per thread, at least 2). */
  window?: number;
}

export interface WorkerPool {
  /** Worker threads (0: tasks run in the calling thread). */
  readonly size: number;
  run<N extends TaskName>(task: N, input: TaskInput<N>, options?: RunOptions): Promise<TaskOutput<N>>;
  map<N extends TaskName>(task: N, inputs: readonly TaskInput<N>[]): Promise<TaskOutput<N>[]>;
  each<N extends TaskName>(task: N, inputs: Iterable<TaskInput<N>>, onResult: (output: TaskOutput<N>, index: number) => void | Promise<void>, options?: EachOptions): Promise<void>;
  close(): Promise<void>;
}

const sourceMode = !runsCompiled(import.meta.url);
// dist/workers/worker-entry.js when compiled (this code is then inside a bundle elsewhere in dist/)
const ENTRY = runtimeEntry('workers/worker-entry.ts', import.meta.url).url.href;
const BOOTSTRAP = new URL('./tsx-bootstrap.mjs', import.meta.url);

function failure(task: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`worker task ${task} failed: ${message}`, { cause: error });
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(0, Math.floor(options.size));
  let piscina: Piscina | undefined;
  const threads = (): Piscina => {
    piscina ??= new Piscina({
      filename: sourceMode ? fileURLToPath(BOOTSTRAP) : fileURLToPath(ENTRY),
      workerData: { preadmitWorkerEntry: ENTRY },
      minThreads: size,
      maxThreads: size,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: 1,
      ...(options.maxOldGenerationSizeMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } } : {}),
    });
    return piscina;
  };

  const run = async <N extends TaskName>(task: N, input: TaskInput<N>, runOptions: RunOptions = {}): Promise<TaskOutput<N>> => {
    try {
      if (size === 0) return await runTask(task, input);
      const message: TaskMessage = { task, input };
      const { signal, transferList } = runOptions;
      return (await threads().run(message, { ...(signal ? { signal } : {}), ...(transferList ? { transferList } : {}) })) as TaskOutput<N>;
    } catch (error) {
      throw failure(task, error);
    }
  };

  const each = async <N extends TaskName>(
    task: N,
    inputs: Iterable<TaskInput<N>>,
    onResult: (output: TaskOutput<N>, index: number) => void | Promise<void>,
    eachOptions: EachOptions = {},
  ): Promise<void> => {
    const window = Math.max(1, eachOptions.window ?? Math.max(2, size * 2));
    const iterator = inputs[Symbol.iterator]();
    const pending = new Map<number, Promise<TaskOutput<N>>>();
    let submitted = 0;
    let exhausted = false;
    const fill = (): void => {
      while (!exhausted && pending.size < window) {
        const next = iterator.next();
        if (next.done === true) {
          exhausted = true;
          return;
        }
        const promise = run(task, next.value);
        promise.catch(() => undefined); // handled when its turn comes
        pending.set(submitted++, promise);
      }
    };
    fill();
    for (let index = 0; pending.has(index); index++) {
      const promise = pending.get(index) as Promise<TaskOutput<N>>;
      let output: TaskOutput<N>;
      try {
        output = await promise;
      } catch (error) {
        exhausted = true;
        await Promise.allSettled(pending.values());
        throw error;
      }
      pending.delete(index);
      fill();
      await onResult(output, index);
    }
  };

  return {
    size,
    run,
    map: async <N extends TaskName>(task: N, inputs: readonly TaskInput<N>[]): Promise<TaskOutput<N>[]> => {
      const outputs: TaskOutput<N>[] = [];
      await each(task, inputs, (output) => void outputs.push(output), { window: Math.max(1, inputs.length) });
      return outputs;
    },
    each,
    close: async () => {
      const current = piscina;
      piscina = undefined;
      await current?.destroy();
    },
  };
}
