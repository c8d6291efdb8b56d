import { isObject } from '../../core/json.ts';
import type { JsonObject } from '../../core/json.ts';
import { arrayAt, objectAt, stringAt, stringsAt } from './documents.ts';
import type { DocumentReader } from './documents.ts';
import { isRemoteRef, resolveIn } from './paths.ts';
import type { TreeIndex } from './tree-index.ts';
import { appendAll } from '../../core/append-all.ts';

/** The names kustomize looks for in a directory, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** The kustomization file of `dir`, if it has one. */
export function kustomizationFileIn(index: TreeIndex, dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = dir === '.' ? name : `${dir}/${name}`;
    if (index.files.has(file)) return file;
  }
  return undefined;
}

export function isKustomizationFileName(name: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

/** What one kustomization reads, as repository paths (remote references dropped). */
export interface KustomizationRefs {
  file: string;
  dir: string;
  kind: 'Kustomization' | 'Component';
  /** `resources`/`bases` and path-valued generators/transformers: files or directories. */
  resources: string[];
  /** `components` directories. */
  components: string[];
  /** Other files read: patches, generator inputs, crds, configurations, replacements, helm values … */
  files: string[];
  /** Local chart directories inflated through `helmCharts`. */
  chartDirs: string[];
  /** configMapGenerator/secretGenerator entries with their (resolved) input files. */
  generators: GeneratedObject[];
}

export interface GeneratedObject {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  files: string[];
}

/** Read the kustomization of `dir`; undefined when it has none. A broken file reads as empty. */
export function readKustomization(index: TreeIndex, read: DocumentReader, dir: string): KustomizationRefs | undefined {
  const file = kustomizationFileIn(index, dir);
  if (file === undefined) return undefined;
  const doc = read(file)?.objects[0];
  const refs: KustomizationRefs = { file, dir, kind: 'Kustomization', resources: [], components: [], files: [], chartDirs: [], generators: [] };
  if (doc === undefined) return refs;
  if (stringAt(doc, 'kind') === 'Component') refs.kind = 'Component';
  const local = (ref: string): string | undefined => (isRemoteRef(ref) ? undefined : resolveIn(dir, ref));
  const push = (list: string[], ref: string | undefined): void => {
    const path = ref === undefined ? undefined : local(ref);
    if (path !== undefined && !list.includes(path)) list.push(path);
  };
  for (const ref of [...stringsAt(doc, 'resources'), ...stringsAt(doc, 'bases')]) push(refs.resources, ref);
  for (const ref of stringsAt(doc, 'components')) push(refs.components, ref);
  for (const key of ['transformers', 'generators', 'validators']) {
    for (const ref of stringsAt(doc, key)) if (!ref.includes('\n')) push(refs.resources, ref);
  }
  for (const ref of collectFileRefs(doc)) push(refs.files, ref);
  collectCharts(index, doc, dir, refs);
  for (const [key, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const entry of arrayAt(doc, key).filter(isObject)) {
      const files = generatorFiles(entry).flatMap((f) => local(f) ?? []);
      refs.generators.push({ kind, name: stringAt(entry, 'name') ?? '', files });
    }
  }
  return refs;
}

/** Files named by patches, generators, crds, configurations, replacements and openapi. */
function collectFileRefs(doc: JsonObject): string[] {
  const refs: string[] = [];
  for (const key of ['patches', 'patchesJson6902', 'replacements']) {
    for (const entry of arrayAt(doc, key)) if (isObject(entry)) addString(refs, entry['path']);
  }
  for (const entry of stringsAt(doc, 'patchesStrategicMerge')) if (!entry.includes('\n')) refs.push(entry);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const entry of arrayAt(doc, key)) if (isObject(entry)) appendAll(refs, generatorFiles(entry));
  }
  appendAll(refs, [...stringsAt(doc, 'crds'), ...stringsAt(doc, 'configurations')]);
  addString(refs, objectAt(doc, 'openapi')?.['path']);
  return refs;
}

/** The files a configMapGenerator/secretGenerator entry reads ('key=path' or 'path'). */
export function generatorFiles(entry: JsonObject): string[] {
  const files = stringsAt(entry, 'files').map((f) => (f.includes('=') ? f.slice(f.indexOf('=') + 1) : f));
  const envs = stringsAt(entry, 'envs');
  const env = stringAt(entry, 'env');
  return [...files, ...envs, ...(env === undefined ? [] : [env])];
}

function collectCharts(index: TreeIndex, doc: JsonObject, dir: string, refs: KustomizationRefs): void {
  const charts = arrayAt(doc, 'helmCharts').filter(isObject);
  if (charts.length === 0) return;
  const home = stringAt(objectAt(doc, 'helmGlobals'), 'chartHome') ?? 'charts';
  for (const chart of charts) {
    const name = stringAt(chart, 'name');
    const chartDir = name === undefined ? undefined : resolveIn(dir, `${home}/${name}`);
    if (chartDir !== undefined && index.dirs.has(chartDir) && !refs.chartDirs.includes(chartDir)) refs.chartDirs.push(chartDir);
    for (const values of [stringAt(chart, 'valuesFile'), ...stringsAt(chart, 'additionalValuesFiles')]) {
      const path = values === undefined || isRemoteRef(values) ? undefined : resolveIn(dir, values);
      if (path !== undefined) refs.files.push(path);
    }
  }
}

function addString(list: string[], value: unknown): void {
  if (typeof value === 'string' && value !== '' && !value.includes('\n')) list.push(value);
}
