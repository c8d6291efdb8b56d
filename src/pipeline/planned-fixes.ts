import type { HeldDocuments } from '../fix/held-documents.ts';
import type { ResourceFix } from './check.ts';
import { planFileFixes, type FileFix } from './fix-edits.ts';

/**
 * Source edits already planned where the files were checked (a worker thread plans the fixes of
 * the plain files it parsed, with the texts it read, instead of sending the fixes back to be
 * planned again): what planFileFixes gave for them, in file order.
 */
export interface PlannedFixes {
  /** The files' texts before and after their fixes; empty unless the caller asked for them (--fix, --diff). */
  files: FileFix[];
  problems: string[];
  /** How many resource fixes the files of `files` hold (said by `--fix`); 0 when `files` was not asked for. */
  fixedResources: number;
  /** Every file whose fixes were planned here: no other fix may be planned for them. */
  paths: string[];
}

export const NO_PLANNED: PlannedFixes = { files: [], problems: [], fixedResources: 0, paths: [] };

/**
 * Plan the fixes of files checked together, as planFileFixes does (it sets each fixed finding's
 * `edits`, or clears `fixable` with a `fixNote`). `composedEdits` (what the app's Apply fixes
 * writes) is dropped unless `composed`, and so is the patch of a fix that has edits (reporters
 * show its edits and description); the texts are kept only with `files`.
 */
export function planHere(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined, options: { files: boolean; composed?: boolean }, heldOf?: (file: string) => HeldDocuments | undefined): PlannedFixes {
  const plan = planFileFixes(fixes, textOf, heldOf, options.files);
  for (const fix of fixes) {
    for (const finding of fix.findings) {
      if (options.composed !== true) delete finding.composedEdits;
      // with edits, reporters show the edits and the fix's description, never its patch: the patch stays here
      if (finding.fix && finding.edits && finding.edits.length > 0) finding.fix = { description: finding.fix.description, patch: [] };
    }
  }
  const written = new Set(plan.files.map((f) => f.file));
  return {
    files: options.files ? plan.files : [],
    problems: plan.problems,
    fixedResources: options.files ? fixes.filter((fix) => written.has(fix.file)).length : 0,
    paths: [...new Set(fixes.map((fix) => fix.file))],
  };
}

/** Planned fixes of several parts, in part order; the pieces of one file (consecutive parts) become one file fix. */
export function joinPlanned(parts: readonly PlannedFixes[]): PlannedFixes {
  const joined: PlannedFixes = { files: [], problems: [], fixedResources: 0, paths: [] };
  for (const part of parts) {
    for (const file of part.files) {
      const last = joined.files[joined.files.length - 1];
      const merged = last?.file === file.file ? mergePieces(last, file) : undefined;
      if (merged) joined.files[joined.files.length - 1] = merged;
      else if (last?.file === file.file) joined.problems.push(`${file.file}: the fixes of its pieces overlap; only the first piece's are written`);
      else joined.files.push(file);
    }
    for (const problem of part.problems) joined.problems.push(problem);
    for (const path of part.paths) joined.paths.push(path);
    joined.fixedResources += part.fixedResources;
  }
  return joined;
}

function commonPrefix(a: string, b: string): number {
  const most = Math.min(a.length, b.length);
  let at = 0;
  while (at < most && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let at = 0;
  while (at < limit && a.charCodeAt(a.length - 1 - at) === b.charCodeAt(b.length - 1 - at)) at++;
  return at;
}

/** Where `after` differs from `before`: [start, end) of before, replaced by `text`. */
function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
  const start = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - start);
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) };
}

/**
 * Two pieces of one file planned apart (each rewrote its own documents' regions of the same
 * text, the first piece's before the second's): the file with both, and both pieces' edits in
 * order. Undefined if their changes overlap (they cannot, as pieces hold different documents).
 */
export function mergePieces(first: FileFix, second: FileFix): FileFix | undefined {
  if (first.before !== second.before) return undefined;
  const before = first.before;
  const a = changedSpan(before, first.after);
  const b = changedSpan(before, second.after);
  if (a.end > b.start) return undefined;
  const after = before.slice(0, a.start) + a.text + before.slice(a.end, b.start) + b.text + before.slice(b.end);
  return { file: first.file, before, after, edits: [...first.edits, ...second.edits] };
}
