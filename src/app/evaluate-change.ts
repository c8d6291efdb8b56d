import { parseManifestText } from '../manifest/parse.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import type { ParsedFile } from '../manifest/types.ts';
import type { JsonValue } from '../core/json.ts';
import { checkParsedFiles } from '../pipeline/check.ts';
import { classifyFindings, type Classified } from '../pipeline/classify.ts';
import { fixesOfNew } from '../pipeline/asked-fixes.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import type { Policy } from '../policy/types.ts';
import type { ChangedFile } from './changed-files.ts';
import { CONFIG_PATH } from '../config/parse.ts';

const MANIFEST = /\.(ya?ml|json)$/i;

/** At most this many changed manifests are read (on both sides, in GraphQL batches of 100). */
export const MAX_CHECKED_MANIFESTS = 1000;

/** Changed files preadmit reads: YAML and JSON that still exist on the head, at most `max`. */
export function manifestChanges(files: readonly ChangedFile[], max = MAX_CHECKED_MANIFESTS): { files: ChangedFile[]; note?: string } {
  const all = files.filter((f) => MANIFEST.test(f.filename) && f.status !== 'removed' && f.filename !== CONFIG_PATH);
  if (all.length <= max) return { files: all };
  return { files: all.slice(0, max), note: `${all.length} manifests changed; only the first ${max} (by path) were checked.` };
}

/** The base-side path of a changed file, if it existed on the base. */
export function basePath(file: ChangedFile): string | undefined {
  if (file.status === 'added') return undefined;
  return file.previousFilename ?? file.filename;
}

export interface ChangeEvaluation {
  classified: Classified;
  stats: { files: number; resources: number };
  /** Head file contents in lines (for suggestions that anchor on an existing line). */
  headLines: Map<string, string[]>;
  /** Fixes that could not be written as edits (their findings are then not fixable). */
  fixProblems: string[];
}

/**
 * Evaluate the changed manifests on the head and on the base and classify the findings.
 * A renamed file's base content is read under its new name, so its findings stay
 * "existing". The head's fixes of resources with new findings become text edits on the head
 * texts (`finding.edits`, one consistent edit per resource), for suggestions and "Apply
 * fixes"; a resource whose findings were all on the base gets none (see fixesOfNew). `variables` are the
 * configuration's policy variables (configVariables). Pure: the contents are given.
 */
export function evaluateChange(
  changes: readonly ChangedFile[],
  head: ReadonlyMap<string, string>,
  base: ReadonlyMap<string, string>,
  policies: readonly Policy[],
  variables: Record<string, JsonValue> = {},
): ChangeEvaluation {
  const headFiles: ParsedFile[] = [];
  const baseFiles: ParsedFile[] = [];
  const headLines = new Map<string, string[]>();
  for (const change of changes) {
    const headText = head.get(change.filename);
    if (headText !== undefined) {
      headFiles.push(parseManifestText(change.filename, headText));
      headLines.set(change.filename, headText.split(/\r?\n/));
    }
    const from = basePath(change);
    const baseText = from === undefined ? undefined : base.get(from);
    if (baseText !== undefined) baseFiles.push(parseManifestText(change.filename, baseText));
  }
  // PolicyExceptions come from the base branch: those of the changed files as the base has
  // them apply on both sides; what the pull request adds or changes is never applied to it.
  const fromBase = loadExceptions(baseFiles.flatMap((f) => f.resources.map((r) => ({ object: r.object, file: f.file, documentIndex: r.origin.documentIndex })))).exceptions;
  const headResult = checkParsedFiles(headFiles, policies, fromBase, variables, { manifestExceptions: false });
  const baseResult = checkParsedFiles(baseFiles, policies, fromBase, variables, { fixes: false, manifestExceptions: false });
  const classified = classifyFindings(headResult.findings, baseResult.findings);
  const plan = planFileFixes(fixesOfNew(headResult.fixes, classified.new), (file) => head.get(file));
  return {
    classified,
    stats: { files: headResult.stats.files, resources: headResult.stats.resources },
    headLines,
    fixProblems: plan.problems,
  };
}
