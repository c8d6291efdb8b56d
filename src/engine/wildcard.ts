/**
 * Kyverno's wildcard matching: `*` matches any run of characters (also empty), `?` exactly one
 * character; every other character matches itself. No escaping, no character classes.
 * Matching is by code point and linear in the worst case (the last `*` is the only one grown).
 */
export function wildcardMatch(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === name;
  const p = Array.from(pattern);
  const n = Array.from(name);
  let px = 0;
  let nx = 0;
  let starPx = -1;
  let starNx = 0;
  while (nx < n.length) {
    if (px < p.length) {
      const pc = p[px];
      if (pc === '*') {
        px++;
        if (px === p.length) return true;
        starPx = px;
        starNx = nx;
        continue;
      }
      if (pc === '?' || pc === n[nx]) {
        px++;
        nx++;
        continue;
      }
    }
    if (starPx < 0) return false;
    starNx++;
    px = starPx;
    nx = starNx;
  }
  while (px < p.length && p[px] === '*') px++;
  return px === p.length;
}

/** Does the string hold a wildcard character (`*` or `?`)? */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}
