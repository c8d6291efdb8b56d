import { existsSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { appendAll } from '../core/append-all.ts';
import { documentReader } from '../render/roots/documents.ts';
import { findCharts } from '../render/roots/helm-charts.ts';
import { baseName, dirOf, isWithin, resolveIn } from '../render/roots/paths.ts';
import { indexTree } from '../render/roots/tree-index.ts';
import { kustomizationEntries, kustomizeCopyPaths } from '../render/kustomize/copy-paths.ts';
import { KUSTOMIZATION_FILE_NAMES, readKustomization } from '../render/kustomize/kustomization-file.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import type { CheckTarget } from './check-scope.ts';

const KUSTOMIZATIONS = new Set<string>(KUSTOMIZATION_FILE_NAMES);

/** Whether a root-relative directory holds a kustomization or a Chart.yaml: a render root, or part of one. */
function holdsRoot(root: string, dir: string): boolean {
  return [...KUSTOMIZATION_FILE_NAMES, 'Chart.yaml'].some((name) => existsSync(join(root, dir, name)));
}

/** The outermost directory from `dir` up to the root that holds a kustomization or chart, else `dir`. */
function widened(root: string, dir: string): string {
  let outermost = dir;
  for (let at = dir; ; at = dirOf(at)) {
    if (holdsRoot(root, at)) outermost = at;
    if (at === '.') return outermost;
  }
}

const inside = (path: string, dirs: Iterable<string>): boolean => [...dirs].some((dir) => isWithin(path, dir));

/** Where a root-relative path really is (its symbolic links resolved), root-relative; undefined outside the root or missing. */
function realIn(root: string, path: string): string | undefined {
  try {
    const rel = relative(realpathSync(root), realpathSync(join(root, path)));
    return rel === '' ? '.' : rel.startsWith('..') ? undefined : rel.split(sep).join('/');
  } catch {
    return undefined;
  }
}

/**
 * What the kustomization in `dir` names, when kustomizeCopyPaths cannot tell what its build
 * reads (a symbolic link on the way): each local entry, with where its links lead in the root,
 * so a copy holds link and target. Kustomizations among them are followed by the caller.
 */
async function namedEntries(root: string, dir: string): Promise<string[]> {
  const kustomization = await readKustomization(join(root, dir));
  if (!kustomization) return [];
  const named: string[] = [];
  for (const entry of kustomizationEntries(kustomization.doc.value)) {
    const path = resolveIn(dir, entry);
    if (path === undefined || !existsSync(join(root, path))) continue; // outside the root, remote or missing: the render says so
    named.push(path);
    const real = realIn(root, path);
    if (real !== undefined && real !== path) named.push(real);
  }
  return named;
}

/**
 * Where root discovery looks when the paths belong to no repository (no git, no
 * `.github/preadmit.yml`) and the root is only the directory the command ran in: the checked
 * directories, each widened to the outermost kustomization or chart holding it, and then what
 * the kustomizations and charts found there read elsewhere (bases, components, patches,
 * file:// chart dependencies), until nothing new is reached. Root-relative; undefined for the
 * whole root (a checked directory is the root itself, or something there reads it whole).
 * A render that cannot tell what it reads copies these paths (RenderOptions.copyWithin).
 *
 * Listing the whole working directory instead would read every manifest below it: from a
 * home directory or `/`, minutes of reading files that belong to nothing checked.
 */
export async function discoveryScope(root: string, targets: readonly CheckTarget[]): Promise<string[] | undefined> {
  const scope = new Set<string>();
  for (const target of targets) if (target.directory) scope.add(widened(root, target.path));
  if (scope.size === 0 || scope.has('.')) return undefined;
  // each round lists only the paths the round before reached; every file is looked at once
  const listed = new Set<string>();
  for (let pending = [...scope]; pending.length > 0; ) {
    const tree = directoryTree(root, { within: pending });
    const reached: string[] = [];
    for (const path of tree.paths) {
      if (listed.has(path)) continue;
      listed.add(path);
      if (!KUSTOMIZATIONS.has(baseName(path))) continue;
      const dir = dirOf(path);
      // undefined: the walk cannot tell (a symbolic link on the way); then what the kustomization names
      appendAll(reached, (await kustomizeCopyPaths(root, dir)) ?? (await namedEntries(root, dir)));
    }
    const index = indexTree(tree);
    for (const chart of findCharts(index, documentReader(index))) appendAll(reached, chart.localDependencies);
    pending = [...new Set(reached.filter((path) => !inside(path, scope)))];
    if (pending.includes('.')) return undefined;
    for (const path of pending) scope.add(path);
  }
  return [...scope].sort();
}
