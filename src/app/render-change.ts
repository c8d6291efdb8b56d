import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '../core/json.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { Policy } from '../policy/types.ts';
import { checkTree, type TreeCheckResult } from '../pipeline/check-tree.ts';
import { classifyFindings } from '../pipeline/classify.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import { renderedDiff, type RenderedChange } from '../pipeline/rendered-diff.ts';
import { affectedRoots } from '../render/roots/affected-roots.ts';
import { findRoots } from '../render/roots/find-roots.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import type { ChangedFile } from './changed-files.ts';
import type { ChangeEvaluation } from './evaluate-change.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import { materialiseCommits } from './materialise.ts';
import type { TreeListings } from './tree-files.ts';
import { toolOptionsFromEnv } from '../render/tool-paths.ts';

const ROOT_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization|Chart\.yaml)$/;

const parentDirs = (path: string): string[] => {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/')).concat('');
};

/**
 * Whether a change may reach a kustomize or helm root: a changed path is a kustomization or
 * Chart.yaml, or lies under a directory holding one in the listing. Pure.
 */
export function touchesRenderRoots(listed: Iterable<string>, changedPaths: readonly string[]): boolean {
  const rootDirs = new Set<string>();
  for (const path of listed) if (ROOT_FILE.test(path)) rootDirs.add(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  return changedPaths.some((path) => ROOT_FILE.test(path) || parentDirs(path).some((dir) => rootDirs.has(dir)));
}

export interface RenderInput {
  github: GitHub;
  repo: RepoId;
  headSha: string;
  mergeBase: string;
  changed: readonly ChangedFile[];
  listings: TreeListings;
  config: PreadmitConfig;
  policies: readonly Policy[];
  variables: Record<string, JsonValue>;
  signal: AbortSignal;
}

export type RenderOutcome =
  | { kind: 'not-needed' }
  | { kind: 'skipped'; note: string }
  | { kind: 'rendered'; evaluation: ChangeEvaluation; changes: RenderedChange[]; roots: TreeCheckResult['roots'] };

/**
 * Issue 6 in the app: when the change reaches kustomize/helm roots, materialise the merge
 * base and the head in temporary directories, render the roots the change affects on both
 * sides (checkTree), classify the findings and compute the rendered diff. Plain changes are
 * left to the changed-files path (not-needed).
 */
export async function renderChange(input: RenderInput): Promise<RenderOutcome> {
  const changedPaths = [...new Set(input.changed.flatMap((f) => (f.previousFilename ? [f.filename, f.previousFilename] : [f.filename])))];
  // The merge base's listing (already read for the repository's policies) and the changed
  // paths decide: a root the head adds has its kustomization/Chart.yaml among the changed paths.
  const baseListing = await input.listings.get(input.mergeBase);
  if (!touchesRenderRoots(baseListing.tree.map((e) => e.path ?? ''), changedPaths)) return { kind: 'not-needed' };
  const headListing = await input.listings.get(input.headSha);
  checkpoint(input.signal);
  const headDir = await mkdtemp(join(tmpdir(), 'preadmit-head-'));
  const baseDir = await mkdtemp(join(tmpdir(), 'preadmit-base-'));
  try {
    const written = await materialiseCommits(input.github, input.repo, [
      { sha: input.headSha, listing: headListing, dir: headDir },
      { sha: input.mergeBase, listing: baseListing, dir: baseDir },
    ], input.signal);
    if (!written.ok) return { kind: 'skipped', note: `Kustomize/Helm roots were not rendered (${written.error}); the changed files were checked as plain manifests.` };
    checkpoint(input.signal);
    const side = async (dir: string, fixes: boolean): Promise<{ result: TreeCheckResult; tree: ReturnType<typeof directoryTree> }> => {
      const tree = directoryTree(dir);
      const roots = affectedRoots(tree, findRoots(tree, input.config), changedPaths);
      return { tree, result: await checkTree({ dir, tree, roots, policies: input.policies, exceptions: [], variables: input.variables, render: { tools: toolOptionsFromEnv(process.env) }, fixes }) };
    };
    const after = await side(headDir, true);
    const before = await side(baseDir, false);
    if (![...after.result.roots, ...before.result.roots].some((r) => r.renderer !== 'plain')) return { kind: 'not-needed' };
    const plan = planFileFixes(after.result.fixes, (file) => after.tree.read(file));
    const headLines = new Map<string, string[]>();
    for (const f of input.changed) {
      const text = after.tree.read(f.filename);
      if (text !== undefined) headLines.set(f.filename, text.split(/\r?\n/));
    }
    return {
      kind: 'rendered',
      evaluation: {
        classified: classifyFindings(after.result.findings, before.result.findings),
        stats: { files: after.result.stats.files, resources: after.result.stats.resources },
        headLines,
        fixProblems: plan.problems,
      },
      changes: renderedDiff(before.result.rendered, after.result.rendered),
      roots: after.result.roots,
    };
  } finally {
    await Promise.all([rm(headDir, { recursive: true, force: true }), rm(baseDir, { recursive: true, force: true })]);
  }
}
