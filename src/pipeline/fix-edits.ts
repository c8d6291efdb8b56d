import type { Finding, TextEdit } from '../core/finding.ts';
import { applyEdits, editsForFixes, editsForPatch } from '../fix/index.ts';
import type { ResourceFix } from './check.ts';

/** A file's text before and after all its fixes, and the edits between them. */
export interface FileFix {
  file: string;
  before: string;
  after: string;
  edits: TextEdit[];
}

/** Stop offering a fix: the finding keeps its patch and says why it has no edit. */
function unfixable(finding: Finding, why: string): void {
  finding.fixable = false;
  delete finding.edits;
  delete finding.composedEdits;
  finding.fixNote = why;
}

/**
 * Turn composed fixes into source edits. Each fixed finding gets the edits of its own rule
 * fix (`edits`, what its suggestion shows) and the edits of the composed fix of its document
 * (`composedEdits`, what is applied together); each file gets the combined edits of all its
 * documents. A fix that cannot be written as a faithful edit, or whose edit changes nothing,
 * is reported and its findings are no longer fixable: `fixable` claims only what changes.
 */
export function planFileFixes(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined): { files: FileFix[]; problems: string[] } {
  const problems: string[] = [];
  const files: FileFix[] = [];
  const byFile = new Map<string, ResourceFix[]>();
  for (const fix of fixes) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  const seen = new Set<Finding>();
  const give = (finding: Finding, own: readonly TextEdit[], composed: readonly TextEdit[]): void => {
    if (!finding.fixable && seen.has(finding)) return;
    if (!seen.has(finding)) {
      seen.add(finding);
      finding.edits = [];
      finding.composedEdits = [];
    }
    finding.edits?.push(...own);
    finding.composedEdits?.push(...composed);
  };
  for (const [file, resourceFixes] of byFile) {
    const text = textOf(file);
    if (text === undefined) {
      problems.push(`${file}: cannot read the file to write its fixes`);
      for (const fix of resourceFixes) for (const finding of fix.findings) unfixable(finding, `${file} cannot be read to write the fix`);
      continue;
    }
    const usable: ResourceFix[] = [];
    for (const fix of resourceFixes) {
      const edits = editsForPatch(file, text, fix.documentIndex, fix.patch);
      if (!edits.ok || edits.value.length === 0) {
        const why = edits.ok ? 'the fix changes nothing in the source' : `the fix cannot be written as an edit: ${edits.error}`;
        problems.push(`${file} (document ${fix.documentIndex + 1}): ${why}`);
        for (const finding of fix.findings) unfixable(finding, why);
        continue;
      }
      for (const finding of fix.findings) {
        const ownPatch = fix.own.get(finding);
        const own = ownPatch ? editsForPatch(file, text, fix.documentIndex, ownPatch) : undefined;
        give(finding, own?.ok && own.value.length > 0 ? own.value : edits.value, edits.value);
      }
      usable.push(fix);
    }
    if (usable.length === 0) continue;
    const edits = editsForFixes(file, text, usable.map((f) => ({ documentIndex: f.documentIndex, patch: f.patch })));
    if (!edits.ok) {
      problems.push(`${file}: the fixes cannot be combined: ${edits.error}`);
      for (const fix of usable) for (const finding of fix.findings) unfixable(finding, `the fixes of ${file} cannot be combined: ${edits.error}`);
      continue;
    }
    const after = applyEdits(text, edits.value);
    if (!after.ok) {
      problems.push(`${file}: the fixes cannot be applied: ${after.error}`);
      for (const fix of usable) for (const finding of fix.findings) unfixable(finding, `the fixes of ${file} cannot be applied: ${after.error}`);
      continue;
    }
    files.push({ file, before: text, after: after.value, edits: edits.value });
  }
  return { files, problems };
}
