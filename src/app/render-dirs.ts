import type { JsonValue } from '../core/json.ts';
import { checkTree, type TreeCheckResult } from '../pipeline/check-tree.ts';
import { classifyFindings } from '../pipeline/classify.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import { renderedDiff, type RenderedChange } from '../pipeline/rendered-diff.ts';
import type { Policy } from '../policy/types.ts';
import { affectedRoots } from '../render/roots/affected-roots.ts';
import { findRoots, type RootsConfig } from '../render/roots/find-roots.ts';
import type { RenderOptions } from '../render/types.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import type { ChangeEvaluation } from './evaluate-change.ts';

/** A change written out on disk: the head and the merge base, each in its own directory. */
export interface ChangeDirs {
  headDir: string;
  baseDir: string;
  /** Every path the change touches (renamed files under both names). */
  changedPaths: string[];
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
    return { tree, result: await checkTree({ dir, tree, roots, policies: input.policies, exceptions: [], variables: input.variables, render: input.render, fixes }) };
  };
  const after = await side(input.headDir, true);
  const before = await side(input.baseDir, false);
  if (![...after.result.roots, ...before.result.roots].some((r) => r.renderer !== 'plain')) return undefined;
  const plan = planFileFixes(after.result.fixes, (file) => after.tree.read(file));
  const headLines = new Map<string, string[]>();
  for (const file of input.changedFiles) {
    const text = after.tree.read(file);
    if (text !== undefined) headLines.set(file, text.split(/\r?\n/));
  }
  return {
    evaluation: {
      classified: classifyFindings(after.result.findings, before.result.findings),
      stats: { files: after.result.stats.files, resources: after.result.stats.resources },
      headLines,
      fixProblems: plan.problems,
    },
    changes: renderedDiff(before.result.rendered, after.result.rendered),
    roots: after.result.roots,
  };
}
