/**
 * Append every item to an array in place. Unlike `into.push(...items)`, which passes each item
 * as an argument and overflows the stack past about 100,000 of them, it takes any number.
 */
export function appendAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}
