import type { Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';

/**
 * Findings placed where the source configures a whole resource rather than on a line of its
 * own (a subchart kept as an archive, a root whose resource has no source): two resources
 * placed there are two findings, whatever their field.
 */
const standsForResource = new WeakSet<Finding>();

/** Say that the finding's place stands for its whole resource (see standsForResource). */
export function placedForResource(finding: Finding): Finding {
  standsForResource.add(finding);
  return finding;
}

/**
 * One finding per source line and rule: a base used by three overlays is reported once,
 * naming the three roots, instead of three times. The first finding of each place is kept
 * (the same object, so fixes that refer to it still do), with the other roots added.
 * `merged`, when given, receives each finding left out with the finding it was merged into.
 */
export function dedupeAcrossRoots(findings: readonly Finding[], merged?: Map<Finding, Finding>): Finding[] {
  const byPlace = new Map<string, Finding>();
  for (const finding of findings) {
    const key = placeKey(finding);
    const seen = byPlace.get(key);
    if (!seen) {
      finding.roots = [...(finding.roots ?? [])];
      byPlace.set(key, finding);
      continue;
    }
    merged?.set(finding, seen);
    for (const root of finding.roots ?? []) if (!seen.roots?.includes(root)) seen.roots?.push(root);
  }
  const kept = [...byPlace.values()];
  for (const f of kept) {
    if (f.roots && f.roots.length > 1 && !f.message.includes('(rendered in')) f.message = `${f.message} (rendered in ${f.roots.join(', ')})`;
  }
  return kept;
}

/** What makes two findings of different roots one: policy, rule, source place and field (and the resource, for a place that stands for one). */
export function placeKey(finding: Finding): string {
  const key = [finding.policy, finding.rule, finding.file, finding.line, finding.column, finding.path];
  if (standsForResource.has(finding) && finding.resource) key.push(`${finding.resource.apiVersion} ${formatRef(finding.resource)}`);
  return key.join('\u0000');
}
