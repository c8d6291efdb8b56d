import type { Finding } from '../core/finding.ts';

/**
 * One finding per source line and rule: a base used by three overlays is reported once,
 * naming the three roots, instead of three times.
 */
export function dedupeAcrossRoots(findings: readonly Finding[]): Finding[] {
  const byPlace = new Map<string, Finding>();
  for (const finding of findings) {
    const key = [finding.policy, finding.rule, finding.file, finding.line, finding.column, finding.path].join('\u0000');
    const seen = byPlace.get(key);
    if (!seen) {
      byPlace.set(key, { ...finding, roots: [...(finding.roots ?? [])] });
      continue;
    }
    for (const root of finding.roots ?? []) if (!seen.roots?.includes(root)) seen.roots?.push(root);
  }
  return [...byPlace.values()].map((f) =>
    f.roots && f.roots.length > 1 && !f.message.includes('(rendered in') ? { ...f, message: `${f.message} (rendered in ${f.roots.join(', ')})` } : f,
  );
}
