/**
 * Something the app could not check: a file it could not read whole, a root that did not
 * render, files GitHub did not list. Any of these turns the conclusion to failure (neutral
 * with failurePolicy: ignore): a required check never passes what it did not look at.
 */
export interface Unchecked {
  /** Repository path (or a short description of the set, e.g. "1,201 changed manifests"). */
  path: string;
  /** Why it was not checked and what to do, for the person reading the pull request. */
  reason: string;
}

/** The conclusion a run with unchecked inputs gets at least. */
export function uncheckedConclusion(failurePolicy: 'fail' | 'ignore'): 'failure' | 'neutral' {
  return failurePolicy === 'ignore' ? 'neutral' : 'failure';
}

/** Unique by path and reason, in first-seen order. */
export function dedupeUnchecked(items: readonly Unchecked[]): Unchecked[] {
  const seen = new Set<string>();
  return items.filter((u) => {
    const key = `${u.path}\u0000${u.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
