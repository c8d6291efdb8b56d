import type { Finding } from '../core/finding.ts';

/** Findings on the head of a change, compared with its base. */
export interface Classified {
  /** On the head but not on the base: introduced by the change. */
  new: Finding[];
  /** On both: the change did not cause them. */
  existing: Finding[];
  /** On the base but no longer on the head: the change fixed them. */
  fixed: Finding[];
}

/**
 * A finding's identity across commits: policy, rule, file, resource and field — not the
 * line, so moving a resource in its file does not make its findings look new.
 */
export function fingerprint(finding: Finding): string {
  const r = finding.resource;
  const resource = r ? `${r.kind}/${r.namespace ?? ''}/${r.name}` : '';
  return [finding.policy, finding.rule, finding.file, resource, finding.path].join('\u0000');
}

/**
 * A finding's identity wherever its resource lives: policy, rule, resource and field. A
 * resource moved to another file keeps it; findings about a file (no resource) have none.
 */
export function movedFingerprint(finding: Finding): string | undefined {
  const r = finding.resource;
  if (!r) return undefined;
  return [finding.policy, finding.rule, `${r.kind}/${r.namespace ?? ''}/${r.name}`, finding.path].join('\u0000');
}

/**
 * Pair head findings with base findings by a key, as multisets, in input order: each base
 * finding matches at most one head finding; the pairs are marked taken on both sides.
 */
function pair(head: readonly Finding[], base: readonly Finding[], key: (f: Finding) => string | undefined, headTaken: boolean[], baseTaken: boolean[]): void {
  const waiting = new Map<string, number[]>();
  base.forEach((finding, i) => {
    const k = baseTaken[i] ? undefined : key(finding);
    if (k === undefined) return;
    const list = waiting.get(k);
    if (list) list.push(i);
    else waiting.set(k, [i]);
  });
  head.forEach((finding, i) => {
    const k = headTaken[i] ? undefined : key(finding);
    if (k === undefined) return;
    const match = waiting.get(k)?.shift();
    if (match === undefined) return;
    headTaken[i] = true;
    baseTaken[match] = true;
  });
}

/**
 * Classify head findings against base findings. Fingerprints are compared as multisets:
 * if the base had one finding with a fingerprint and the head has two, one is existing and
 * one is new. With `moved` (the CLI's --base, which sees no renames), a finding whose
 * resource moved to another file is matched next, by its policy, rule, resource and field,
 * so a move is neither fixed nor new. Order within each
 * list follows the input order.
 */
export function classifyFindings(head: readonly Finding[], base: readonly Finding[], options: { moved?: boolean } = {}): Classified {
  const headTaken = head.map(() => false);
  const baseTaken = base.map(() => false);
  pair(head, base, fingerprint, headTaken, baseTaken);
  if (options.moved === true) pair(head, base, movedFingerprint, headTaken, baseTaken);
  return {
    new: head.filter((_, i) => !headTaken[i]),
    existing: head.filter((_, i) => headTaken[i]),
    fixed: base.filter((_, i) => !baseTaken[i]),
  };
}
