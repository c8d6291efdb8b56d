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
 * writes) is dropped unless `composed`; the texts are kept only with `files`.
 */
export function planHere(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined, options: { files: boolean; composed?: boolean }): PlannedFixes {
  const plan = planFileFixes(fixes, textOf);
  if (options.composed !== true) for (const fix of fixes) for (const finding of fix.findings) delete finding.composedEdits;
  const written = new Set(plan.files.map((f) => f.file));
  return {
    files: options.files ? plan.files : [],
    problems: plan.problems,
    fixedResources: options.files ? fixes.filter((fix) => written.has(fix.file)).length : 0,
    paths: [...new Set(fixes.map((fix) => fix.file))],
  };
}

/** Planned fixes of several parts, in part order. */
export function joinPlanned(parts: readonly PlannedFixes[]): PlannedFixes {
  const joined: PlannedFixes = { files: [], problems: [], fixedResources: 0, paths: [] };
  for (const part of parts) {
    for (const file of part.files) joined.files.push(file);
    for (const problem of part.problems) joined.problems.push(problem);
    for (const path of part.paths) joined.paths.push(path);
    joined.fixedResources += part.fixedResources;
  }
  return joined;
}
