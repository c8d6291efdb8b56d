import type { KustomizationLookup } from './kustomize-closure.ts';
import { kustomizeClosure } from './kustomize-closure.ts';
import type { ChartInfo } from './helm-charts.ts';
import type { TreeIndex } from './tree-index.ts';
import type { FoundRoot } from './types.ts';

/** What a root's build reads: exact files, and directories read as a whole. */
export interface RootInputs {
  files: Set<string>;
  dirs: Set<string>;
}

/**
 * The inputs of one root. kustomize: the kustomization closure (bases, components, patches,
 * generator files, crds, inflated charts); helm: the chart directory (templates, values,
 * Chart.yaml, charts/), its file:// dependencies, the values files; plain: the file, or every
 * file below a directory. Plus the Argo CD / Flux object file that declared the root.
 */
export function rootInputs(index: TreeIndex, lookup: KustomizationLookup, charts: readonly ChartInfo[], root: FoundRoot): RootInputs {
  const inputs: RootInputs = { files: new Set(root.valuesFiles ?? []), dirs: new Set() };
  if (root.definedIn !== undefined) inputs.files.add(root.definedIn);
  switch (root.renderer) {
    case 'kustomize': {
      const closure = kustomizeClosure(index, lookup, root.path);
      for (const file of closure.files) inputs.files.add(file);
      for (const dir of closure.prefixes) addChart(charts, dir, inputs);
      break;
    }
    case 'helm':
      addChart(charts, root.path, inputs);
      break;
    case 'plain':
      if (index.dirs.has(root.path) && !index.files.has(root.path)) inputs.dirs.add(root.path);
      else inputs.files.add(root.path);
      break;
  }
  return inputs;
}

/** A chart directory and, transitively, the local charts it depends on through file://. */
function addChart(charts: readonly ChartInfo[], dir: string, inputs: RootInputs): void {
  if (inputs.dirs.has(dir)) return;
  inputs.dirs.add(dir);
  for (const dependency of charts.find((c) => c.dir === dir)?.localDependencies ?? []) addChart(charts, dependency, inputs);
}
