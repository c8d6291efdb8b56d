import type { AnyTask } from './task.ts';

/**
 * Every task a worker thread can run, by name: a loader of the module that exports it as
 * `task`. Explicit, so the worker can load nothing else; a test runs each entry's example.
 * Add a task here (one module under tasks/) to run it on the pool.
 */
export const TASKS = {
  'check-files': () => import('./tasks/check-files.ts'),
  'evaluate-change': () => import('./tasks/evaluate-change.ts'),
  'plan-fixes': () => import('./tasks/plan-fixes.ts'),
} as const satisfies Record<string, () => Promise<{ task: AnyTask }>>;

export type TaskName = keyof typeof TASKS;

type Definition<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>['task'];
export type TaskInput<N extends TaskName> = Definition<N>['example'];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<Definition<N>['run']>>;

export function isTaskName(name: unknown): name is TaskName {
  return typeof name === 'string' && Object.hasOwn(TASKS, name);
}

/** Run a registered task in the calling thread. */
export async function runTask<N extends TaskName>(name: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
  const { task } = await TASKS[name]();
  return (await (task.run as (input: TaskInput<N>) => unknown)(input)) as TaskOutput<N>;
}
