import type { Finding, TextEdit } from '../core/finding.ts';
import { applyEdits, mergeEdits } from '../fix/index.ts';

export interface FixPlan {
  /** New contents of the files the fixes change, in path order. */
  files: Array<{ path: string; text: string }>;
  /** Findings whose edits were applied. */
  applied: Finding[];
  /** Files left alone, with the reason (edits that collide, stale lines …). */
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * The text of every file after the edits of the given findings, file by file: a file
 * whose edits cannot be combined or applied is skipped with the reason, the others still
 * change. Each finding contributes the composed edits of its resource (its own edits when
 * there are none). Findings without edits are ignored. Pure.
 */
export function planFixes(findings: readonly Finding[], contents: ReadonlyMap<string, string>): FixPlan {
  const byFile = new Map<string, { edits: TextEdit[]; findings: Finding[] }>();
  for (const finding of findings) {
    // a finding's fix is applied together with the rest of its resource's composed fix
    for (const edit of finding.composedEdits ?? finding.edits ?? []) {
      const entry = byFile.get(edit.file) ?? { edits: [], findings: [] };
      entry.edits.push(edit);
      if (!entry.findings.includes(finding)) entry.findings.push(finding);
      byFile.set(edit.file, entry);
    }
  }
  const plan: FixPlan = { files: [], applied: [], skipped: [] };
  for (const path of [...byFile.keys()].sort()) {
    const entry = byFile.get(path);
    const text = contents.get(path);
    if (!entry) continue;
    if (text === undefined) {
      plan.skipped.push({ file: path, reason: 'the file was not read at the head commit' });
      continue;
    }
    const merged = mergeEdits(entry.edits);
    const applied = merged.ok ? applyEdits(text, merged.value) : merged;
    if (!applied.ok) {
      plan.skipped.push({ file: path, reason: applied.error });
      continue;
    }
    if (applied.value === text) continue;
    plan.files.push({ path, text: applied.value });
    for (const f of entry.findings) if (!plan.applied.includes(f)) plan.applied.push(f);
  }
  return plan;
}
