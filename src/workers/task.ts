/**
 * A task a worker thread can run: a pure-ish function of a structured-cloneable input to a
 * structured-cloneable output (plain data, arrays, Maps, Sets; no functions, class instances
 * or symbols). `example` is an input the registry test runs in a real worker and in-thread,
 * expecting equal outputs.
 */
export interface TaskDefinition<I, O> {
  run(input: I): O | Promise<O>;
  example: I;
}

export function defineTask<I, O>(definition: TaskDefinition<I, O>): TaskDefinition<I, O> {
  return definition;
}

/** Any task definition, whatever its input and output. */
export interface AnyTask {
  run(input: never): unknown;
  example: unknown;
}
