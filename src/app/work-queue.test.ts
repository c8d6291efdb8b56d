import { describe, expect, it } from 'vitest';
import { WorkQueue, type Job } from './work-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function recorder(log: string[]) {
  return (sha: string, options: { wait?: Promise<void>; supersedes?: boolean; name?: string } = {}): Job => ({
    key: 'o/r#1',
    sha,
    supersedes: options.supersedes ?? true,
    run: async (signal) => {
      const name = options.name ?? sha;
      log.push(`start ${name}`);
      if (options.wait) await options.wait;
      log.push(signal.aborted ? `superseded ${name} by ${String(signal.reason)}` : `done ${name}`);
    },
  });
}

describe('WorkQueue', () => {
  it('serialises per key, aborts the running job for a newer SHA and drops older waiting jobs', async () => {
    const queue = new WorkQueue(() => {});
    const log: string[] = [];
    const job = recorder(log);
    const gate = deferred();
    queue.enqueue(job('a', { wait: gate.promise }));
    queue.enqueue(job('b'));
    queue.enqueue(job('c'));
    gate.resolve();
    await queue.idle();
    expect(log).toEqual(['start a', 'superseded a by b', 'start c', 'done c']);
  });

  it('lets re-runs and actions wait their turn without cancelling the newest head', async () => {
    const queue = new WorkQueue(() => {});
    const log: string[] = [];
    const job = recorder(log);
    const gate = deferred();
    queue.enqueue(job('new', { wait: gate.promise }));
    queue.enqueue(job('old', { supersedes: false, name: 'rerun old' }));
    queue.enqueue(job('new', { supersedes: false, name: 'apply new' }));
    gate.resolve();
    await queue.idle();
    expect(log).toEqual(['start new', 'done new', 'start rerun old', 'done rerun old', 'start apply new', 'done apply new']);
  });

  it('runs different keys concurrently and reports errors without stopping', async () => {
    const errors: string[] = [];
    const queue = new WorkQueue((e, j) => errors.push(`${j.key}: ${(e as Error).message}`));
    const gate = deferred();
    const seen: string[] = [];
    queue.enqueue({ key: 'x', sha: '1', supersedes: true, run: async () => { seen.push('x'); await gate.promise; } });
    queue.enqueue({ key: 'y', sha: '1', supersedes: true, run: async () => { seen.push('y'); throw new Error('boom'); } });
    queue.enqueue({ key: 'y', sha: '1', supersedes: true, run: async () => { seen.push('y again'); gate.resolve(); } });
    await queue.idle();
    expect(seen).toEqual(['x', 'y', 'y again']);
    expect(errors).toEqual(['y: boom']);
    expect(queue.size).toBe(0);
  });
});
