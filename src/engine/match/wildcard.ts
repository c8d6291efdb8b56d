/**
 * Kyverno's name wildcards (the matcher Kyverno uses for kinds, names, namespaces,
 * annotations, label selectors and subjects):
 * - `*` matches any run of characters, including none;
 * - `?` matches exactly one character;
 * - an empty pattern matches only the empty text.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern === '*' || pattern === text) return true;
  // memo[p][t]: does pattern[p..] match text[t..]?
  const memo = new Map<number, boolean>();
  const width = text.length + 1;
  const go = (p: number, t: number): boolean => {
    const key = p * width + t;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (t === text.length) {
      result = onlyStars(pattern, p);
    } else if (p === pattern.length) {
      result = false;
    } else {
      const c = pattern[p];
      if (c === '*') result = go(p + 1, t) || go(p, t + 1);
      else if (c === '?' || c === text[t]) result = go(p + 1, t + 1);
      else result = false;
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Once the text is used up, only `*` may remain in the pattern. */
function onlyStars(pattern: string, from: number): boolean {
  for (let i = from; i < pattern.length; i++) if (pattern[i] !== '*') return false;
  return true;
}

/** Does the string use Kyverno's wildcard characters `*` or `?`? */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}
