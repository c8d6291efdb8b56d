import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from './pool.ts';
import { poolSize } from './pool-size.ts';
import { runTask, TASKS, type TaskName } from './registry.ts';

const pool = createWorkerPool({ size: 2 });
afterAll(() => pool.close());

describe('the task registry', () => {
  const names = Object.keys(TASKS) as TaskName[];

  it('has tasks', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s runs in a worker thread exactly as in the calling thread, on cloneable data', async (name) => {
    const { task } = await TASKS[name]();
    expect(typeof task.run).toBe('function');
    expect(() => structuredClone(task.example)).not.toThrow();
    const inline = await runTask(name, task.example);
    expect(() => structuredClone(inline)).not.toThrow();
    const threaded = await pool.run(name, task.example);
    expect(threaded).toEqual(inline);
    expect(JSON.stringify(threaded)).not.toBe('{}');
  });
});

describe('createWorkerPool', () => {
  const input = (text: string) => ({ ...TASKS_EXAMPLE, files: [{ path: 'x.yaml', text }] });
  let TASKS_EXAMPLE: Awaited<ReturnType<(typeof TASKS)['check-files']>>['task']['example'];

  it('hands outputs back in input order, whichever finishes first', async () => {
    TASKS_EXAMPLE = (await TASKS['check-files']()).task.example;
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    // the first input is the slowest: many documents
    const big = Array.from({ length: 400 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big-${i}\n`).join('---\n');
    const inputs = [input(big), ...names.map((n) => input(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n`))];
    const order: number[] = [];
    const seen: string[] = [];
    await pool.each('check-files', inputs, (output, index) => {
      order.push(index);
      seen.push(output.findings[0]?.resource?.name ?? `none:${output.resources[0]}`);
    }, { window: 3 });
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen).toEqual(['none:400', ...names]);
    const mapped = await pool.map('check-files', inputs);
    expect(mapped.map((o) => o.resources[0])).toEqual([400, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('runs in the calling thread with size 0, with the same outputs', async () => {
    const inline = createWorkerPool({ size: 0 });
    const example = (await TASKS['check-files']()).task.example;
    expect(await inline.run('check-files', example)).toEqual(await pool.run('check-files', example));
    await inline.close();
  });

  it('rejects with an error naming the task when a task fails, and stays usable', async () => {
    const example = (await TASKS['check-files']()).task.example;
    const broken = { ...example, files: null as unknown as typeof example.files };
    await expect(pool.run('check-files', broken)).rejects.toThrow(/worker task check-files failed/);
    await expect(pool.each('check-files', [example, broken, example], () => undefined)).rejects.toThrow(/check-files/);
    expect((await pool.run('check-files', example)).findings.length).toBeGreaterThan(0);
  });
});

describe('poolSize', () => {
  it('is one thread per CPU unless PREADMIT_WORKERS says otherwise', () => {
    expect(poolSize({}, 6)).toEqual({ ok: true, value: 6 });
    expect(poolSize({ PREADMIT_WORKERS: '3' }, 6)).toEqual({ ok: true, value: 3 });
    expect(poolSize({ PREADMIT_WORKERS: '0' }, 6)).toEqual({ ok: true, value: 0 });
    expect(poolSize({ PREADMIT_WORKERS: ' ' }, 1)).toEqual({ ok: true, value: 1 });
  });

  it('refuses what is not a whole number, saying what to set', () => {
    const size = poolSize({ PREADMIT_WORKERS: 'two' }, 2);
    expect(size.ok).toBe(false);
    expect(!size.ok && size.error).toMatch(/PREADMIT_WORKERS must be a whole number.*"two"/);
  });
});
