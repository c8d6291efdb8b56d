/**
 * A seeded linear congruential generator for property tests: the same seed gives the same
 * cases on every run and machine. Numbers are uniform in [0, 1); `pick` and `below` draw from them.
 */
export function seededRandom(seed: number): { next: () => number; below: (n: number) => number; pick: <T>(items: readonly T[]) => T } {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const below = (n: number): number => Math.floor(next() * n);
  return { next, below, pick: <T,>(items: readonly T[]): T => items[below(items.length)] as T };
}
