import type { Finding, TextEdit } from '../core/finding.ts';
import type { JsonPatchOperation } from '../engine/types.ts';

function editHeader(edit: TextEdit, findingFile: string): string {
  const where = edit.file === findingFile ? '' : `${edit.file} `;
  if (edit.endLine < edit.startLine) return `@@ ${where}insert before line ${edit.startLine}`;
  const span = edit.endLine === edit.startLine ? `line ${edit.startLine}` : `lines ${edit.startLine}-${edit.endLine}`;
  return edit.lines.length === 0 ? `@@ ${where}delete ${span}` : `@@ ${where}replace ${span} with`;
}

function patchLine(op: JsonPatchOperation): string {
  const from = op.from !== undefined ? ` from ${op.from}` : '';
  const value = op.value !== undefined ? `: ${JSON.stringify(op.value)}` : '';
  return `${op.op} ${op.path === '' ? '/' : op.path}${from}${value}`;
}

/**
 * The lines that describe a finding's fix, unindented: the description, then each text
 * edit (header and `+ ` replacement lines), or the JSON patch when no edits were made yet.
 * Empty when the finding carries no fix data.
 */
export function fixLines(finding: Finding): string[] {
  const edits = finding.edits ?? [];
  if (!finding.fix && edits.length === 0) return [];
  const lines = [`fix: ${finding.fix?.description ?? 'automatic fix available'}`];
  if (edits.length > 0) {
    for (const edit of edits) {
      lines.push(`  ${editHeader(edit, finding.file)}`);
      for (const line of edit.lines) lines.push(`  + ${line}`);
    }
  } else if (finding.fix) {
    if (finding.fixNote) lines.push(`  (not written by --fix: ${finding.fixNote})`);
    for (const op of finding.fix.patch) lines.push(`  ${patchLine(op)}`);
  }
  return lines;
}
