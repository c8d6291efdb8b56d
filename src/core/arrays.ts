/**
 * Extremes of a list without spreading it into a call's arguments: `Math.max(…values)`
 * puts every element on the stack and overflows it past about 100,000 of them (see
 * appendAll for push).
 */

/** The largest number (-Infinity for none), as Math.max without spreading. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const value of values) if (value > max || Number.isNaN(value)) max = value;
  return max;
}

/** The smallest number (Infinity for none), as Math.min without spreading. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const value of values) if (value < min || Number.isNaN(value)) min = value;
  return min;
}
