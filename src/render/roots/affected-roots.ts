import { documentReader } from './documents.ts';
import { findCharts } from './helm-charts.ts';
import { kustomizationLookup } from './kustomize-closure.ts';
import { isWithin } from './paths.ts';
import { rootInputs } from './root-inputs.ts';
import { indexTree } from './tree-index.ts';
import type { FileTree, FoundRoot, RenderRoot } from './types.ts';

/**
 * The roots whose build reads a changed path, in the order given. `tree` is the tree the
 * roots were found in; `changedPaths` holds added, modified and deleted paths (a renamed file
 * counts under both names). A changed kustomization affects its own root and every root
 * that reaches it; a deleted file still referenced counts, as the build now fails on it.
 */
export function affectedRoots<R extends RenderRoot>(tree: FileTree, roots: readonly R[], changedPaths: readonly string[]): R[] {
  const changed = [...new Set(changedPaths.map((p) => p.replace(/^\.\//, '')))];
  if (changed.length === 0) return [];
  const index = indexTree(tree);
  const read = documentReader(index);
  const lookup = kustomizationLookup(index, read);
  const charts = findCharts(index, read);
  return roots.filter((root) => {
    const inputs = rootInputs(index, lookup, charts, root as FoundRoot);
    const dirs = [...inputs.dirs];
    return changed.some((path) => inputs.files.has(path) || dirs.some((dir) => isWithin(path, dir)));
  });
}
