import { describe, expect, it } from 'vitest';
import { WorkQueue, type Job } from './work-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('serialises per key, aborts the running job for a newer SHA and drops replaced waiting jobs', async () => {
    const queue = new WorkQueue(() => {});
    const log: string[] = [];
    const gate = deferred();
    const job = (sha: string, wait?: Promise<void>): Job => ({
      key: 'o/r#1',
      sha,
      run: async (signal) => {
        log.push(`start ${sha}`);
        if (wait) await wait;
        log.push(signal.aborted ? `superseded ${sha} by ${String(signal.reason)}` : `done ${sha}`);
      },
    });
    queue.enqueue(job('a', gate.promise));
    queue.enqueue(job('b'));
    queue.enqueue(job('c'));
    gate.resolve();
    await queue.idle();
    expect(log).toEqual(['start a', 'superseded a by b', 'start c', 'done c']);
  });

  it('runs different keys concurrently and reports errors without stopping', async () => {
    const errors: string[] = [];
    const queue = new WorkQueue((e, j) => errors.push(`${j.key}: ${(e as Error).message}`));
    const gate = deferred();
    const seen: string[] = [];
    queue.enqueue({ key: 'x', sha: '1', run: async () => { seen.push('x'); await gate.promise; } });
    queue.enqueue({ key: 'y', sha: '1', run: async () => { seen.push('y'); throw new Error('boom'); } });
    queue.enqueue({ key: 'y', sha: '1', run: async () => { seen.push('y again'); gate.resolve(); } });
    await queue.idle();
    expect(seen).toEqual(['x', 'y', 'y again']);
    expect(errors).toEqual(['y: boom']);
    expect(queue.size).toBe(0);
  });
});
