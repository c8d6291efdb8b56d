import { documentReader } from './documents.ts';
import { findCharts } from './helm-charts.ts';
import { kustomizationLookup } from './kustomize-closure.ts';
import { isWithin } from './paths.ts';
import { rootInputs } from './root-inputs.ts';
import { indexTree } from './tree-index.ts';
import type { FileTree, FoundRoot } from './types.ts';

/**
 * The roots that deploy something under the given repository directories: a root inside one
 * of them, or one whose build reads a file or directory inside one (an overlay elsewhere
 * whose base is checked). `check apps/` thus renders apps' bases through the overlays that
 * use them, as the cluster gets them. '.' selects every root.
 */
export function rootsWithin<R extends FoundRoot>(tree: FileTree, roots: readonly R[], dirs: readonly string[]): R[] {
  if (dirs.includes('.')) return [...roots];
  if (dirs.length === 0) return [];
  const index = indexTree(tree);
  const read = documentReader(index);
  const lookup = kustomizationLookup(index, read);
  const charts = findCharts(index, read);
  const under = (path: string): boolean => dirs.some((dir) => isWithin(path, dir));
  return roots.filter((root) => {
    if (under(root.path)) return true;
    const inputs = rootInputs(index, lookup, charts, root);
    for (const file of inputs.files) if (under(file)) return true;
    for (const dir of inputs.dirs) if (under(dir) || dirs.some((d) => isWithin(d, dir))) return true;
    return false;
  });
}
