import type { HeldDocuments } from '../fix/held-documents.ts';
import type { Finding, TextEdit } from '../core/finding.ts';
import { fileEditor } from '../fix/file-editor.ts';
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
 * `heldOf`: a file's documents as the check just parsed them, when it has them (see fileEditor).
 * `texts` false: the files' texts after their fixes are not wanted (`files` is then empty; the
 * fixes are still combined, and a file whose fixes do not combine still reported).
 */
export function planFileFixes(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined, heldOf?: (file: string) => HeldDocuments | undefined, texts = true): { files: FileFix[]; problems: string[] } {
  const problems: string[] = [];
  const files: FileFix[] = [];
  const byFile = new Map<string, ResourceFix[]>();
  for (const fix of fixes) {
    const ofFile = byFile.get(fix.file);
    if (ofFile) ofFile.push(fix);
    else byFile.set(fix.file, [fix]);
  }
  const seen = new Set<Finding>();
  const give = (finding: Finding, own: readonly TextEdit[], composed: readonly TextEdit[]): void => {
    if (!finding.fixable && seen.has(finding)) return;
    if (!seen.has(finding)) {
      seen.add(finding);
      finding.edits = [];
      finding.composedEdits = [];
    }
    for (const edit of own) finding.edits?.push(edit);
    for (const edit of composed) finding.composedEdits?.push(edit);
  };
  for (const [file, resourceFixes] of byFile) {
    const text = textOf(file);
    if (text === undefined) {
      problems.push(`${file}: cannot read the file to write its fixes`);
      for (const fix of resourceFixes) for (const finding of fix.findings) unfixable(finding, `${file} cannot be read to write the fix`);
      continue;
    }
    const editor = fileEditor(file, text, heldOf?.(file));
    const usable: ResourceFix[] = [];
    for (const fix of resourceFixes) {
      if (fix.lenient) {
        const why = `document ${fix.documentIndex + 1} of ${file} breaks a YAML 1.2 rule (see the file's notice), so no fix is written into it; indent its lines as the notice says, then fix it`;
        for (const finding of fix.findings) unfixable(finding, why);
        continue;
      }
      const edits = editor.edits(fix.documentIndex, fix.patch);
      if (!edits.ok || edits.value.length === 0) {
        const why = edits.ok ? 'the fix changes nothing in the source' : `the fix cannot be written as an edit: ${edits.error}`;
        problems.push(`${file} (document ${fix.documentIndex + 1}): ${why}`);
        for (const finding of fix.findings) unfixable(finding, why);
        continue;
      }
      for (const finding of fix.findings) {
        const ownPatch = fix.own.get(finding);
        const own = ownPatch ? editor.edits(fix.documentIndex, ownPatch) : undefined;
        give(finding, own?.ok && own.value.length > 0 ? own.value : edits.value, edits.value);
      }
      usable.push(fix);
    }
    if (usable.length === 0) continue;
    const combined = editor.combined(
      usable.map((f) => ({ documentIndex: f.documentIndex, patch: f.patch })),
      texts,
    );
    if (!combined.ok) {
      problems.push(`${file}: the fixes cannot be combined: ${combined.error}`);
      for (const fix of usable) for (const finding of fix.findings) unfixable(finding, `the fixes of ${file} cannot be combined: ${combined.error}`);
      continue;
    }
    if (combined.value.after !== undefined) files.push({ file, before: text, after: combined.value.after, edits: combined.value.edits });
  }
  return { files, problems };
}
