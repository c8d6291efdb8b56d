import type { Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';

export interface DedupeOptions {
  /** Receives each finding left out, with the finding it was merged into. */
  merged?: Map<Finding, Finding>;
  /**
   * Findings placed where the source configures a whole resource rather than on a line of its
   * own (a subchart kept as an archive, a resource with no source): two resources placed there
   * are two findings, whatever their field.
   */
  forResource?: ReadonlySet<Finding>;
}

/**
 * One finding per source line and rule: a base used by three overlays is reported once,
 * naming the three roots, instead of three times. The first finding of each place is kept
 * (the same object, so fixes that refer to it still do), with the other roots added.
 */
export function dedupeAcrossRoots(findings: readonly Finding[], options: DedupeOptions = {}): Finding[] {
  const byPlace = new Map<string, Finding>();
  for (const finding of findings) {
    const key = placeKey(finding, options.forResource?.has(finding) === true);
    const seen = byPlace.get(key);
    if (!seen) {
      finding.roots = [...(finding.roots ?? [])];
      byPlace.set(key, finding);
      continue;
    }
    options.merged?.set(finding, seen);
    for (const root of finding.roots ?? []) if (!seen.roots?.includes(root)) seen.roots?.push(root);
  }
  const kept = [...byPlace.values()];
  for (const f of kept) {
    if (f.roots && f.roots.length > 1 && !f.message.includes('(rendered in')) f.message = `${f.message} (rendered in ${f.roots.join(', ')})`;
  }
  return kept;
}

/** What makes two findings of different roots one: policy, rule, source place and field (and the resource, for a place that stands for one). */
function placeKey(finding: Finding, forResource: boolean): string {
  const key = [finding.policy, finding.rule, finding.file, finding.line, finding.column, finding.path];
  if (forResource && finding.resource) key.push(`${finding.resource.apiVersion} ${formatRef(finding.resource)}`);
  return key.join('\u0000');
}
