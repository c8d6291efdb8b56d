import type { Finding } from '../core/finding.ts';

/**
 * One finding per source line and rule: a base used by three overlays is reported once,
 * naming the three roots, instead of three times. The first finding of each place is kept
 * (the same object, so fixes that refer to it still do), with the other roots added.
 */
export function dedupeAcrossRoots(findings: readonly Finding[]): Finding[] {
  const byPlace = new Map<string, Finding>();
  for (const finding of findings) {
    const key = placeKey(finding);
    const seen = byPlace.get(key);
    if (!seen) {
      finding.roots = [...(finding.roots ?? [])];
      byPlace.set(key, finding);
      continue;
    }
    for (const root of finding.roots ?? []) if (!seen.roots?.includes(root)) seen.roots?.push(root);
  }
  const kept = [...byPlace.values()];
  for (const f of kept) {
    if (f.roots && f.roots.length > 1 && !f.message.includes('(rendered in')) f.message = `${f.message} (rendered in ${f.roots.join(', ')})`;
  }
  return kept;
}

/** What makes two findings of different roots one: policy, rule, source place and field. */
export function placeKey(finding: Finding): string {
  return [finding.policy, finding.rule, finding.file, finding.line, finding.column, finding.path].join('\u0000');
}
