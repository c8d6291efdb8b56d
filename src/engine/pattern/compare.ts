/** Three-way comparison of two big integers. */
export function compareBigInt(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}
