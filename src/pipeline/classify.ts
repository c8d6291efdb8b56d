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
 * Classify head findings against base findings. Fingerprints are compared as multisets:
 * if the base had one finding with a fingerprint and the head has two, one is existing and
 * one is new. Order within each list follows the input order.
 */
export function classifyFindings(head: readonly Finding[], base: readonly Finding[]): Classified {
  const baseCounts = countBy(base);
  const headCounts = countBy(head);
  const result: Classified = { new: [], existing: [], fixed: [] };
  const seenHead = new Map<string, number>();
  for (const finding of head) {
    const key = fingerprint(finding);
    const seen = (seenHead.get(key) ?? 0) + 1;
    seenHead.set(key, seen);
    (seen <= (baseCounts.get(key) ?? 0) ? result.existing : result.new).push(finding);
  }
  const seenBase = new Map<string, number>();
  for (const finding of base) {
    const key = fingerprint(finding);
    const seen = (seenBase.get(key) ?? 0) + 1;
    seenBase.set(key, seen);
    if (seen > (headCounts.get(key) ?? 0)) result.fixed.push(finding);
  }
  return result;
}

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const key = fingerprint(finding);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
