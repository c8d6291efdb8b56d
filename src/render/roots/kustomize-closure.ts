import type { DocumentReader } from './documents.ts';
import { readKustomization } from './kustomization.ts';
import type { KustomizationRefs } from './kustomization.ts';
import type { TreeIndex } from './tree-index.ts';

/** Everything one kustomize build reads, transitively through bases and components. */
export interface KustomizeClosure {
  /** Files read: kustomization files, resources, patches, generator inputs … (missing ones too). */
  files: Set<string>;
  /** Kustomization directories reached, the root's own included. */
  dirs: Set<string>;
  /** Directories read as a whole (charts inflated by helmCharts). */
  prefixes: Set<string>;
}

/** Kustomizations of the tree, read once, keyed by directory. */
export type KustomizationLookup = (dir: string) => KustomizationRefs | undefined;

export function kustomizationLookup(index: TreeIndex, read: DocumentReader): KustomizationLookup {
  const cache = new Map<string, KustomizationRefs | undefined>();
  return (dir) => {
    if (!cache.has(dir)) cache.set(dir, readKustomization(index, read, dir));
    return cache.get(dir);
  };
}

/** Walk the kustomization in `dir` and what it includes. Cycles are cut, not followed. */
export function kustomizeClosure(index: TreeIndex, lookup: KustomizationLookup, dir: string): KustomizeClosure {
  const closure: KustomizeClosure = { files: new Set(), dirs: new Set(), prefixes: new Set() };
  visit(index, lookup, dir, closure);
  return closure;
}

function visit(index: TreeIndex, lookup: KustomizationLookup, dir: string, closure: KustomizeClosure): void {
  if (closure.dirs.has(dir)) return;
  closure.dirs.add(dir);
  const refs = lookup(dir);
  if (refs === undefined) {
    // A directory reference without a kustomization: adding one later changes the build.
    closure.files.add(dir === '.' ? 'kustomization.yaml' : `${dir}/kustomization.yaml`);
    return;
  }
  closure.files.add(refs.file);
  for (const path of [...refs.resources, ...refs.components]) {
    if (index.dirs.has(path) && !index.files.has(path)) visit(index, lookup, path, closure);
    else closure.files.add(path);
  }
  for (const path of refs.files) closure.files.add(path);
  for (const path of refs.chartDirs) closure.prefixes.add(path);
}
