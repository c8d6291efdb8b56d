import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import type { PoliciesSettings, RootsSettings } from '../../config/types.ts';
import { documentReader } from './documents.ts';
import type { DocumentReader } from './documents.ts';
import { gitSources, type OwnSource } from './flux-sources.ts';
import { gitopsObjectRoots } from './gitops-objects.ts';
import { guessRenderer } from './guess-renderer.ts';
import { findCharts, rootCharts, valuesVariants } from './helm-charts.ts';
import type { ChartInfo } from './helm-charts.ts';
import { isKubernetesObject, holdsKubernetesObjects } from './kubernetes-object.ts';
import { kustomizationLookup } from './kustomize-closure.ts';
import type { KustomizationLookup } from './kustomize-closure.ts';
import { isKustomizationFileName } from './kustomization.ts';
import { baseName, dirOf, isBelow, isManifestExtension, isWithin, repoPath } from './paths.ts';
import { compareRoots, dedupeRoots, keepRoot } from './root-filter.ts';
import { indexTree } from './tree-index.ts';
import type { TreeIndex } from './tree-index.ts';
import type { FileTree, FoundRoot } from './types.ts';
import { appendAll } from '../../core/append-all.ts';
import { kubernetesAtSight } from './manifest-at-sight.ts';
import { manifestDocuments, type ManifestDocuments } from './manifest-documents.ts';

/** The parts of the configuration root discovery reads. */
export interface RootsConfig {
  roots: RootsSettings;
  policies: Pick<PoliciesSettings, 'paths'>;
}

/**
 * The render roots of a tree, sorted by path:
 * - kustomize: directories with a kustomization that is not a Component and that no other
 *   kustomization includes (bases are checked through their overlays unless roots.kustomizeBases);
 * - helm: charts not inside another chart, not libraries, not file:// dependencies; one root with
 *   the chart's own values plus one per values-<env>.yaml beside it (or exactly the configured
 *   roots.charts values files);
 * - plain: YAML/JSON files holding Kubernetes objects that no kustomization reads and no chart holds;
 * - named: Argo CD Applications / Flux Kustomizations and HelmReleases pointing at local
 *   directories, and roots.named from the configuration (kept even when a glob excludes them).
 */
export function findRoots(tree: FileTree, config: RootsConfig = DEFAULT_CONFIG, own: OwnSource = {}): FoundRoot[] {
  const index = indexTree(tree);
  const read = documentReader(index);
  const lookup = kustomizationLookup(index, read);
  const charts = findCharts(index, read);
  const inChart = (path: string): boolean => charts.some((chart) => isWithin(path, chart.dir));

  const kustomizeDirs = [...index.files].filter((f) => isKustomizationFileName(baseName(f))).map(dirOf).filter((d) => !inChart(d));
  const referencedDirs = new Set<string>();
  const referencedFiles = new Set<string>();
  const inflatedCharts = new Set<string>();
  for (const dir of new Set(kustomizeDirs)) {
    const refs = lookup(dir);
    if (refs === undefined) continue;
    for (const path of [...refs.resources, ...refs.components]) {
      if (index.files.has(path)) referencedFiles.add(path);
      else referencedDirs.add(path);
    }
    for (const path of refs.files) referencedFiles.add(path);
    for (const path of refs.chartDirs) inflatedCharts.add(path);
  }

  const found: FoundRoot[] = [];
  for (const dir of new Set(kustomizeDirs)) {
    const refs = lookup(dir);
    if (refs === undefined || refs.kind === 'Component') continue;
    if (referencedDirs.has(dir) && !config.roots.kustomizeBases) continue;
    found.push({ path: dir, renderer: 'kustomize' });
  }
  for (const chart of rootCharts(charts, inflatedCharts)) appendAll(found, chartRoots(index, chart, config.roots));

  // Most manifests are told from their apiVersion and kind lines; the others are read document by
  // document from the same text (only documents not told at sight are parsed: see manifestDocuments).
  const seen = new Map<string, boolean>();
  const manifestCache = new Map<string, ManifestDocuments | undefined>();
  const atSight = (file: string): boolean => {
    let known = seen.get(file);
    if (known === undefined) {
      const text = index.files.has(file) ? readText(index, file) : undefined;
      known = text !== undefined && kubernetesAtSight(file, text) === true;
      seen.set(file, known);
      if (!known) manifestCache.set(file, text === undefined ? undefined : manifestDocuments(file, text));
    }
    return known;
  };
  /** The documents of a file not told at sight. */
  const readManifest = (file: string): ManifestDocuments | undefined => (atSight(file) ? undefined : manifestCache.get(file));
  const isManifest = (file: string): boolean => {
    if (!isManifestExtension(file) || isKustomizationFileName(baseName(file)) || inChart(file)) return false;
    if (atSight(file)) return true;
    const docs = readManifest(file);
    return docs !== undefined && (docs.told || holdsKubernetesObjects(docs));
  };
  const manifests = [...index.files].sort().filter(isManifest);
  // GitRepository objects are never told at sight (their group is fluxcd.io): only the other files are read.
  const context = { index, lookup, isManifest, gitSources: gitSources(manifests.filter((f) => !atSight(f)).flatMap((f) => readManifest(f)?.objects ?? [])), own };
  const named: FoundRoot[] = [];
  for (const file of manifests) {
    if (!isManifest(file)) continue;
    if (!referencedFiles.has(file)) found.push({ path: file, renderer: 'plain' });
    if (atSight(file)) continue;
    for (const object of readManifest(file)?.objects ?? []) {
      if (isKubernetesObject(object)) appendAll(named, gitopsObjectRoots(context, file, object));
    }
  }

  const kept = [...found, ...named].filter((root) => keepRoot(root, config.roots, config.policies.paths));
  return dedupeRoots([...kept, ...configuredRoots(index, config.roots, isManifest)]).sort(compareRoots);
}

function readText(index: TreeIndex, path: string): string | undefined {
  try {
    return index.tree.read(path);
  } catch {
    return undefined;
  }
}

function chartRoots(index: TreeIndex, chart: ChartInfo, settings: RootsSettings): FoundRoot[] {
  const configured = settings.charts[chart.dir] ?? settings.charts[`${chart.dir}/`] ?? settings.charts[`./${chart.dir}`];
  if (configured !== undefined) {
    const valuesFiles = configured.valuesFiles.flatMap((f) => repoPath(f) ?? []);
    return [valuesFiles.length > 0 ? { path: chart.dir, renderer: 'helm', valuesFiles } : { path: chart.dir, renderer: 'helm' }];
  }
  const roots: FoundRoot[] = [{ path: chart.dir, renderer: 'helm' }];
  for (const [file, env] of valuesVariants(index, chart.dir)) {
    roots.push({ path: chart.dir, renderer: 'helm', valuesFiles: [file], name: `${chart.name}:${env}` });
  }
  return roots;
}

/** roots.named entries; a plain directory stands for every manifest below it. */
function configuredRoots(index: TreeIndex, settings: RootsSettings, isManifest: (file: string) => boolean): FoundRoot[] {
  return settings.named.flatMap((entry): FoundRoot[] => {
    const path = repoPath(entry.path);
    if (path === undefined) return [];
    const renderer = entry.renderer ?? guessRenderer(index, path);
    if (renderer === 'plain' && !index.files.has(path)) {
      return [...index.files].filter((f) => isBelow(f, path) && isManifest(f)).sort().map((f) => ({ path: f, renderer, name: entry.name }));
    }
    const root: FoundRoot = { path, renderer, name: entry.name };
    const valuesFiles = (entry.valuesFiles ?? []).flatMap((f) => repoPath(f) ?? []);
    if (valuesFiles.length > 0) root.valuesFiles = valuesFiles;
    return [root];
  });
}

