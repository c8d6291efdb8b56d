import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '../core/json.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { Policy } from '../policy/types.ts';
import type { TreeCheckResult } from '../pipeline/check-tree.ts';
import type { RenderedChange } from '../pipeline/rendered-diff.ts';
import type { ChangedFile } from './changed-files.ts';
import type { ChangeEvaluation } from './evaluate-change.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import { materialiseCommits } from './materialise.ts';
import { renderDirs, type ChangeDirs } from './render-dirs.ts';
import type { TreeListings } from './tree-files.ts';
import type { Unchecked } from './unchecked.ts';
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

export interface MaterialiseInput {
  github: GitHub;
  repo: RepoId;
  headSha: string;
  mergeBase: string;
  changed: readonly ChangedFile[];
  listings: TreeListings;
  signal: AbortSignal;
}

export interface RenderInput extends MaterialiseInput {
  config: PreadmitConfig;
  policies: readonly Policy[];
  variables: Record<string, JsonValue>;
}

export type RenderOutcome =
  | { kind: 'not-needed' }
  | { kind: 'skipped'; unchecked: Unchecked }
  | { kind: 'rendered'; evaluation: ChangeEvaluation; changes: RenderedChange[]; roots: TreeCheckResult['roots']; unchecked: Unchecked[] };

/** What materialiseChange gives: not needed (no root reached), skipped (what was not rendered and why), or what `use` made of the trees. */
export type Materialised<T> = { kind: 'not-needed' } | { kind: 'skipped'; unchecked: Unchecked } | { kind: 'used'; value: T };

/** A changed file without its diff (what a worker needs of it). */
function withoutPatch(file: ChangedFile): ChangedFile {
  const { filename, status, previousFilename } = file;
  return previousFilename === undefined ? { filename, status } : { filename, status, previousFilename };
}

/**
 * When the change may reach kustomize/helm roots, write the merge base and the head into
 * temporary directories, hand them to `use` (which renders them, here or in a worker
 * thread) and remove them afterwards. Plain changes are not-needed.
 */
export async function materialiseChange<T>(input: MaterialiseInput, use: (dirs: ChangeDirs) => Promise<T>): Promise<Materialised<T>> {
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
    if (!written.ok) return { kind: 'skipped', unchecked: { path: 'Kustomize/Helm roots', reason: `were not rendered (${written.error}); the changed files were checked as plain manifests only, so what the roots deploy was not checked` } };
    checkpoint(input.signal);
    return { kind: 'used', value: await use({ headDir, baseDir, changedPaths, headLeftOut: written.commits[0]?.leftOut ?? [], changed: input.changed.map(withoutPatch) }) };
  } finally {
    await Promise.all([rm(headDir, { recursive: true, force: true }), rm(baseDir, { recursive: true, force: true })]);
  }
}

/**
 * Issue 6 in the app, in the calling thread: when the change reaches kustomize/helm roots,
 * materialise the merge base and the head, render the roots the change affects on both
 * sides, classify the findings and compute the rendered diff. Plain changes are left to the
 * changed-files path (not-needed).
 */
export async function renderChange(input: RenderInput): Promise<RenderOutcome> {
  const outcome = await materialiseChange(input, (dirs) =>
    renderDirs({ ...dirs, changedFiles: input.changed.map((f) => f.filename), config: input.config, policies: input.policies, variables: input.variables, render: { tools: toolOptionsFromEnv(process.env) } }),
  );
  if (outcome.kind !== 'used') return outcome;
  return outcome.value === undefined ? { kind: 'not-needed' } : { kind: 'rendered', ...outcome.value };
}
