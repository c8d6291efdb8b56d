import { isObject } from '../../core/json.ts';
import type { JsonObject } from '../../core/json.ts';
import { arrayAt, objectAt, stringAt, stringsAt } from './documents.ts';
import { isOwnSource, type GitSources, type OwnSource } from './flux-sources.ts';
import { guessRenderer } from './guess-renderer.ts';
import { isKustomizationFileName } from './kustomization.ts';
import type { KustomizationLookup } from './kustomize-closure.ts';
import { baseName, dirOf, isBelow, isRemoteRef, repoPath, resolveIn } from './paths.ts';
import type { TreeIndex } from './tree-index.ts';
import type { FoundRoot } from './types.ts';
import { appendAll } from '../../core/append-all.ts';

/** What object roots need to know about the tree. */
export interface TreeContext {
  index: TreeIndex;
  lookup: KustomizationLookup;
  /** A file that holds Kubernetes objects and is not a kustomization or inside a chart. */
  isManifest(path: string): boolean;
  /** The tree's Flux GitRepository objects, and what is known of the repository's own URLs. */
  gitSources?: GitSources;
  own?: OwnSource;
}

/**
 * Roots declared by Argo CD Applications and Flux Kustomizations/HelmReleases whose source
 * path is a directory of this tree (a path that is not here is taken to be another repository's).
 */
export function gitopsObjectRoots(tree: TreeContext, file: string, object: JsonObject): FoundRoot[] {
  const { index, lookup } = tree;
  const apiVersion = stringAt(object, 'apiVersion') ?? '';
  const kind = stringAt(object, 'kind');
  const name = stringAt(objectAt(object, 'metadata'), 'name') ?? '';
  const spec = objectAt(object, 'spec');
  if (apiVersion.startsWith('argoproj.io/') && kind === 'Application') return argoRoots(tree, file, name, spec);
  if (apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && kind === 'Kustomization') {
    // Only a Kustomization built from this repository names local paths (an OCIRepository's or another repository's ./ is not here).
    if (!isOwnSource(objectAt(spec, 'sourceRef'), stringAt(objectAt(object, 'metadata'), 'namespace'), tree.gitSources ?? new Map(), tree.own ?? {})) return [];
    return fluxKustomizationRoots(tree, file, name, spec);
  }
  if (apiVersion.startsWith('helm.toolkit.fluxcd.io/') && kind === 'HelmRelease') return helmReleaseRoots(index, lookup, file, name, spec);
  return [];
}

function localDir(index: TreeIndex, ref: string | undefined): string | undefined {
  if (ref === undefined || isRemoteRef(ref)) return undefined;
  const path = repoPath(ref);
  return path !== undefined && index.dirs.has(path) && !index.files.has(path) ? path : undefined;
}

/**
 * The roots an object's source directory stands for: the chart or kustomization there, or,
 * for a directory of plain manifests, each manifest file in it (below it when `recurse`).
 */
function rootsAt(tree: TreeContext, dir: string, name: string, definedIn: string, valuesFiles: string[], recurse: boolean): FoundRoot[] {
  const renderer = guessRenderer(tree.index, dir);
  if (renderer === 'plain') {
    return [...tree.index.files]
      .filter((f) => (recurse ? isBelow(f, dir) : dirOf(f) === dir) && tree.isManifest(f))
      .sort()
      .map((path) => ({ path, renderer, name, definedIn }));
  }
  const root: FoundRoot = { path: dir, renderer, name, definedIn };
  if (renderer === 'helm' && valuesFiles.length > 0) root.valuesFiles = valuesFiles;
  return [root];
}

function argoRoots(tree: TreeContext, file: string, name: string, spec: JsonObject | undefined): FoundRoot[] {
  const { index } = tree;
  const sources = spec?.['sources'] !== undefined ? arrayAt(spec, 'sources').filter(isObject) : [objectAt(spec, 'source')].filter(isObject);
  const found: { source: JsonObject; dir: string }[] = [];
  for (const source of sources) {
    if (stringAt(source, 'chart') !== undefined) continue; // a chart from a Helm repository
    const dir = localDir(index, stringAt(source, 'path'));
    if (dir !== undefined) found.push({ source, dir });
  }
  return found.flatMap(({ source, dir }, i) => {
    const values: string[] = [];
    for (const ref of stringsAt(objectAt(source, 'helm'), 'valueFiles')) {
      if (isRemoteRef(ref)) continue;
      if (ref.startsWith('$')) {
        // $values/path: a file of the source with `ref: values`, taken as this repository when it is here.
        const path = resolveIn('.', ref.slice(ref.indexOf('/') + 1));
        if (path !== undefined && index.files.has(path)) values.push(path);
      } else {
        const path = resolveIn(dir, ref);
        if (path !== undefined) values.push(path);
      }
    }
    const label = found.length > 1 ? `Application/${name}#${i + 1}` : `Application/${name}`;
    const recurse = objectAt(source, 'directory')?.['recurse'] === true;
    return rootsAt(tree, dir, label, file, values, recurse);
  });
}

function fluxKustomizationRoots(tree: TreeContext, file: string, name: string, spec: JsonObject | undefined): FoundRoot[] {
  const dir = localDir(tree.index, stringAt(spec, 'path') ?? './');
  if (dir === undefined) return [];
  const label = `Kustomization/${name}`;
  if (guessRenderer(tree.index, dir) === 'plain') return fluxGenerated(tree, dir, label, file);
  return rootsAt(tree, dir, label, file, [], true).map((r) => (r.renderer === 'helm' ? { ...r, renderer: 'plain' } : r));
}

/**
 * Flux builds a directory without a kustomization as if one listed every manifest below it,
 * except that a directory below holding a kustomization is listed as that kustomization (its
 * build, not its files) and not walked into: its patch files and the files it leaves out are
 * not deployed.
 */
function fluxGenerated(tree: TreeContext, dir: string, name: string, definedIn: string): FoundRoot[] {
  const kustomized = [...tree.index.files]
    .filter((f) => isKustomizationFileName(baseName(f)) && isBelow(f, dir))
    .map(dirOf)
    .filter((d) => d !== dir);
  const topmost = [...new Set(kustomized)].filter((d, _, all) => !all.some((other) => other !== d && isBelow(d, other)));
  const underKustomization = (f: string): boolean => topmost.some((d) => isBelow(f, d));
  const files = [...tree.index.files].filter((f) => isBelow(f, dir) && !underKustomization(f) && tree.isManifest(f)).sort();
  return [
    ...files.map((path): FoundRoot => ({ path, renderer: 'plain', name, definedIn })),
    ...topmost.filter((d) => tree.lookup(d)?.kind !== 'Component').sort().map((path): FoundRoot => ({ path, renderer: 'kustomize', name, definedIn })),
  ];
}

function helmReleaseRoots(index: TreeIndex, lookup: KustomizationLookup, file: string, name: string, spec: JsonObject | undefined): FoundRoot[] {
  const chartSpec = objectAt(objectAt(spec, 'chart'), 'spec');
  const sourceKind = stringAt(objectAt(chartSpec, 'sourceRef'), 'kind');
  if (sourceKind !== 'GitRepository' && sourceKind !== 'Bucket') return [];
  const dir = localDir(index, stringAt(chartSpec, 'chart'));
  if (dir === undefined || guessRenderer(index, dir) !== 'helm') return [];
  const values: string[] = [];
  for (const ref of [...stringsAt(chartSpec, 'valuesFiles'), stringAt(chartSpec, 'valuesFile')]) {
    const path = ref === undefined ? undefined : repoPath(ref);
    if (path !== undefined && !values.includes(path)) values.push(path);
  }
  appendAll(values, valuesFromGenerators(lookup, dirOf(file), spec));
  return [{ path: dir, renderer: 'helm', name: `HelmRelease/${name}`, definedIn: file, ...(values.length > 0 ? { valuesFiles: values } : {}) }];
}

/**
 * `valuesFrom` ConfigMaps/Secrets generated beside the HelmRelease by its kustomization's
 * configMapGenerator/secretGenerator: the generator's files are the values files.
 */
function valuesFromGenerators(lookup: KustomizationLookup, dir: string, spec: JsonObject | undefined): string[] {
  const generators = lookup(dir)?.generators ?? [];
  const values: string[] = [];
  for (const from of arrayAt(spec, 'valuesFrom').filter(isObject)) {
    const kind = stringAt(from, 'kind');
    const name = stringAt(from, 'name');
    for (const generator of generators) {
      if (generator.kind === kind && generator.name === name) appendAll(values, generator.files);
    }
  }
  return values;
}
