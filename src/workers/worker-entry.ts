import { isTaskName, runTask } from './registry.ts';

/** What the pool posts to a worker: a registered task's name and its input. */
export interface TaskMessage {
  task: string;
  input: unknown;
}

/** The worker thread's handler (piscina calls the default export with each posted message). */
export default async function handle(message: TaskMessage): Promise<unknown> {
  if (!isTaskName(message.task)) throw new Error(`no worker task named "${message.task}" (see src/workers/registry.ts)`);
  return runTask(message.task, message.input as never);
}
