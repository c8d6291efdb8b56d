import type { TextEdit } from '../core/finding.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { conflictBetween, isInsertion, sortEdits } from './apply-edits.ts';
import { editsForFixes, type DocumentFix } from './edits-for-patch.ts';
import { appendAll } from '../core/append-all.ts';

/** The fixes the edits of one file came from, to derive them again when they collide. */
export interface FixSource {
  file: string;
  /** The file's text the edits were made for. */
  text: string;
  fixes: DocumentFix[];
}

const sameEdit = (a: TextEdit, b: TextEdit): boolean =>
  a.startLine === b.startLine && a.endLine === b.endLine && a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);

/** Join edits in file order that touch (one ends on the line before the next starts); undefined when they collide. */
function joinFile(edits: readonly TextEdit[]): Outcome<TextEdit[]> {
  const out: TextEdit[] = [];
  for (const edit of sortEdits(edits)) {
    const last = out[out.length - 1];
    if (last === undefined) {
      out.push({ ...edit, lines: [...edit.lines] });
      continue;
    }
    if (sameEdit(last, edit)) continue;
    const conflict = conflictBetween(last, edit);
    if (conflict !== undefined) return err(conflict);
    const touches = edit.startLine === last.endLine + 1 && !(isInsertion(last) && isInsertion(edit));
    if (touches) {
      last.endLine = Math.max(last.endLine, edit.endLine);
      appendAll(last.lines, edit.lines);
    } else {
      out.push({ ...edit, lines: [...edit.lines] });
    }
  }
  return ok(out);
}

/**
 * One consistent set of edits from the edits of several findings: duplicates dropped,
 * edits on touching lines joined into one. Edits that overlap cannot be joined line by
 * line; when the `sources` of their file are given, that file's edits are derived again
 * from the combined fixes (see editsForFixes), otherwise it is an error.
 */
export function mergeEdits(edits: TextEdit[], sources: readonly FixSource[] = []): Outcome<TextEdit[]> {
  const files = [...new Set(edits.map((e) => e.file))];
  const merged: TextEdit[] = [];
  for (const file of files) {
    const joined = joinFile(edits.filter((e) => e.file === file));
    if (joined.ok) {
      appendAll(merged, joined.value);
      continue;
    }
    const source = sources.find((s) => s.file === file);
    if (!source) return err(`${file}: overlapping edits (${joined.error}); give the fixes they came from to combine them`);
    const derived = editsForFixes(file, source.text, source.fixes);
    if (!derived.ok) return err(`${file}: overlapping edits (${joined.error}) and their fixes cannot be combined: ${derived.error}`);
    const again = joinFile(derived.value);
    if (!again.ok) return err(`${file}: ${again.error}`);
    appendAll(merged, again.value);
  }
  return ok(merged);
}
