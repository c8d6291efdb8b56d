import type { JsonValue } from '../core/json.ts';
import { checkTree, type TreeCheckResult } from '../pipeline/check-tree.ts';
import { classifyFindings } from '../pipeline/classify.ts';
import { fixesOfNew } from '../pipeline/asked-fixes.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import { renderedDiff, type RenderedChange } from '../pipeline/rendered-diff.ts';
import type { Policy } from '../policy/types.ts';
import { affectedRoots } from '../render/roots/affected-roots.ts';
import { findRoots, type RootsConfig } from '../render/roots/find-roots.ts';
import type { RenderOptions } from '../render/types.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import type { Finding } from '../core/finding.ts';
import type { ChangedFile } from './changed-files.ts';
import { evaluateChange, type ChangeEvaluation } from './evaluate-change.ts';
import type { Unchecked } from './unchecked.ts';
import { appendAll } from '../core/append-all.ts';

/** A change written out on disk: the head and the merge base, each in its own directory. */
export interface ChangeDirs {
  headDir: string;
  baseDir: string;
  /** Every path the change touches (renamed files under both names). */
  changedPaths: string[];
  /** Files of the head left out of its directory (links, over 1 MB, not text), with why. */
  headLeftOut?: Unchecked[];
  /** The changed files (without patches): what is checked as written when a root does not render on the head. */
  changed?: ChangedFile[];
}

export interface RenderDirsInput extends ChangeDirs {
  /** Changed files whose head lines the suggestions anchor on. */
  changedFiles: readonly string[];
  config: RootsConfig;
  policies: readonly Policy[];
  variables: Record<string, JsonValue>;
  render: RenderOptions;
}

export interface RenderedEvaluation {
  evaluation: ChangeEvaluation;
  changes: RenderedChange[];
  roots: TreeCheckResult['roots'];
  /** Roots that did not render on the head, files of rendered roots left out of the tree. */
  unchecked: Unchecked[];
}

const RENDER_INPUT = /\.(ya?ml|json|tpl|txt)$/i;

/**
 * Files left out of the head tree that a rendered root may read: text-like, a link or
 * oversized, inside a root's directory — or anywhere when a root failed on the head (a
 * kustomization may reach outside its directory, and the missing file may be the cause).
 */
function leftOutOfRoots(leftOut: readonly Unchecked[], roots: readonly { path: string; renderer: string; error?: string }[]): Unchecked[] {
  const rendered = roots.filter((r) => r.renderer !== 'plain');
  const dirs = rendered.map((r) => (r.path === '.' ? '' : r.path));
  const anyFailed = rendered.some((r) => r.error !== undefined);
  return leftOut.filter((u) => (anyFailed || dirs.some((d) => d === '' || u.path.startsWith(`${d}/`))) && (RENDER_INPUT.test(u.path) || !/binary/.test(u.reason)));
}

const NOT_PLAIN = /(^|\/)(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|values[^/]*\.ya?ml)$|(^|\/)templates\//;

/** Changed YAML/JSON files that are manifests as written (not kustomizations, charts, values or templates), with both sides' texts. */
function asWritten(changed: readonly ChangedFile[], head: { read: (p: string) => string | undefined }, base: { read: (p: string) => string | undefined }): { changes: ChangedFile[]; head: Map<string, string>; base: Map<string, string> } {
  const changes = changed.filter((f) => f.status !== 'removed' && /\.(ya?ml|json)$/i.test(f.filename) && !NOT_PLAIN.test(f.filename) && !f.filename.startsWith('.github/'));
  const headTexts = new Map<string, string>();
  const baseTexts = new Map<string, string>();
  for (const f of changes) {
    const h = head.read(f.filename);
    if (h !== undefined) headTexts.set(f.filename, h);
    const from = f.previousFilename ?? f.filename;
    const b = f.status === 'added' ? undefined : base.read(from);
    if (b !== undefined) baseTexts.set(from, b);
  }
  return { changes, head: headTexts, base: baseTexts };
}

/**
 * Render the roots the change reaches on both sides (checkTree), classify the findings and
 * compute the rendered diff; undefined when no kustomize/helm root is among them (the
 * changed files are then checked as plain manifests). No GitHub: the trees are on disk.
 */
export async function renderDirs(input: RenderDirsInput): Promise<RenderedEvaluation | undefined> {
  const side = async (dir: string, fixes: boolean): Promise<{ result: TreeCheckResult; tree: ReturnType<typeof directoryTree> }> => {
    const tree = directoryTree(dir);
    const roots = affectedRoots(tree, findRoots(tree, input.config), input.changedPaths);
    return { tree, result: await checkTree({ dir, tree, roots, policies: input.policies, exceptions: [], variables: input.variables, render: input.render, fixes, manifestExceptions: false }) };
  };
  const after = await side(input.headDir, true);
  const before = await side(input.baseDir, false);
  if (![...after.result.roots, ...before.result.roots].some((r) => r.renderer !== 'plain')) return undefined;
  const unchecked: Unchecked[] = [];
  const failedOnHead = after.result.roots.filter((r) => r.error !== undefined);
  // one line of the summary's list: the tool's lines (and preadmit's advice after them) joined
  for (const root of failedOnHead) unchecked.push({ path: root.path, reason: `${root.renderer} could not render it on the head, so what it deploys was not checked: ${(root.error ?? '').trim().replace(/\s*\n\s*/g, ' ').slice(0, 520)}` });
  // a root rendered without a part of it (a chart dependency not fetched): the rest was checked, that part was not
  for (const root of after.result.roots) {
    for (const part of root.omitted ?? []) unchecked.push({ path: root.path, reason: `${root.renderer} rendered it only in part on the head, so part of what it deploys was not checked: ${part.trim().replace(/\s*\n\s*/g, ' ').slice(0, 520)}` });
  }
  appendAll(unchecked, leftOutOfRoots(input.headLeftOut ?? [], after.result.roots));
  const classified = classifyFindings(after.result.findings, before.result.findings);
  if (failedOnHead.length > 0) {
    // A root that does not render on the head has not fixed what the base found in it.
    const failed = new Set(failedOnHead.map((r) => r.path));
    classified.fixed = classified.fixed.filter((f) => !(f.roots ?? []).some((r) => failed.has(r)));
    // Checked as far as possible: the changed manifests as written, their new findings counting.
    const key = (f: Finding): string => `${f.file}:${f.line}:${f.policy}/${f.rule}`;
    const seen = new Set([...classified.new, ...classified.existing].map(key));
    const plain = asWritten(input.changed ?? input.changedFiles.map((filename) => ({ filename, status: 'modified' as const })), after.tree, before.tree);
    const evaluated = evaluateChange(plain.changes, plain.head, plain.base, input.policies, input.variables);
    appendAll(classified.new, evaluated.classified.new.filter((f) => !seen.has(key(f))));
  }
  const plan = planFileFixes(fixesOfNew(after.result.fixes, classified.new), (file) => after.tree.read(file));
  const headLines = new Map<string, string[]>();
  for (const file of input.changedFiles) {
    const text = after.tree.read(file);
    if (text !== undefined) headLines.set(file, text.split(/\r?\n/));
  }
  return {
    evaluation: {
      classified,
      stats: { files: after.result.stats.files, resources: after.result.stats.resources },
      headLines,
      fixProblems: plan.problems,
    },
    changes: renderedDiff(before.result.rendered, after.result.rendered),
    roots: after.result.roots,
    unchecked,
  };
}
