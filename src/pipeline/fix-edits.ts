import type { TextEdit } from '../core/finding.ts';
import { applyEdits, editsForFixes, editsForPatch } from '../fix/index.ts';
import type { ResourceFix } from './check.ts';

/** A file's text before and after all its fixes, and the edits between them. */
export interface FileFix {
  file: string;
  before: string;
  after: string;
  edits: TextEdit[];
}

/**
 * Turn composed resource fixes into source edits: each fixed finding gets the edits of its
 * resource (one consistent edit for all of that resource's fixes), and each file gets the
 * combined edits of all its resources. A fix that cannot be written as a faithful edit is
 * reported and its findings are no longer fixable.
 */
export function planFileFixes(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined): { files: FileFix[]; problems: string[] } {
  const problems: string[] = [];
  const files: FileFix[] = [];
  const byFile = new Map<string, ResourceFix[]>();
  for (const fix of fixes) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  for (const [file, resourceFixes] of byFile) {
    const text = textOf(file);
    if (text === undefined) {
      problems.push(`${file}: cannot read the file to write its fixes`);
      continue;
    }
    const usable: ResourceFix[] = [];
    for (const fix of resourceFixes) {
      const edits = editsForPatch(file, text, fix.documentIndex, fix.patch);
      if (!edits.ok) {
        problems.push(`${file} (document ${fix.documentIndex + 1}): the fix cannot be written as an edit: ${edits.error}`);
        for (const finding of fix.findings) finding.fixable = false;
        continue;
      }
      for (const finding of fix.findings) finding.edits = edits.value;
      usable.push(fix);
    }
    if (usable.length === 0) continue;
    const edits = editsForFixes(file, text, usable.map((f) => ({ documentIndex: f.documentIndex, patch: f.patch })));
    if (!edits.ok) {
      problems.push(`${file}: the fixes cannot be combined: ${edits.error}`);
      continue;
    }
    const after = applyEdits(text, edits.value);
    if (!after.ok) {
      problems.push(`${file}: the fixes cannot be applied: ${after.error}`);
      continue;
    }
    files.push({ file, before: text, after: after.value, edits: edits.value });
  }
  return { files, problems };
}
