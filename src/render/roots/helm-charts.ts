import { isObject } from '../../core/json.ts';
import { arrayAt, stringAt } from './documents.ts';
import type { DocumentReader } from './documents.ts';
import { baseName, dirOf, isBelow, resolveIn } from './paths.ts';
import type { TreeIndex } from './tree-index.ts';
import { takesRequirementsList } from '../helm/requirements-list.ts';

export interface ChartInfo {
  dir: string;
  /** Chart.yaml `name`, else the directory's name. */
  name: string;
  /** `type: library` charts render nothing on their own. */
  library: boolean;
  /** Chart directories named by `dependencies[].repository: file://…`. */
  localDependencies: string[];
}

/** Every directory with a Chart.yaml. */
export function findCharts(index: TreeIndex, read: DocumentReader): ChartInfo[] {
  const charts: ChartInfo[] = [];
  for (const file of index.files) {
    if (baseName(file) !== 'Chart.yaml') continue;
    const dir = dirOf(file);
    const meta = read(file)?.objects[0];
    const localDependencies: string[] = [];
    const requirementsFile = dir === '.' ? 'requirements.yaml' : `${dir}/requirements.yaml`;
    const requirements = index.files.has(requirementsFile) ? read(requirementsFile)?.objects[0] : undefined;
    const listed = takesRequirementsList(meta, requirements) ? requirements : meta;
    for (const dep of arrayAt(listed, 'dependencies')) {
      const repository = isObject(dep) ? stringAt(dep, 'repository') : undefined;
      const path = repository?.startsWith('file://') ? resolveIn(dir, repository.slice('file://'.length)) : undefined;
      if (path !== undefined) localDependencies.push(path);
    }
    charts.push({
      dir,
      name: stringAt(meta, 'name') ?? baseName(dir === '.' ? 'chart' : dir),
      library: stringAt(meta, 'type') === 'library',
      localDependencies,
    });
  }
  return charts.sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * Charts to render on their own: not inside another chart (subcharts under charts/), not a
 * library, not inflated by a kustomization. A chart another chart uses as a file://
 * dependency is a root too: Argo CD and Flux deploy such charts standalone as well.
 */
export function rootCharts(charts: readonly ChartInfo[], usedElsewhere: ReadonlySet<string>): ChartInfo[] {
  return charts.filter(
    (chart) =>
      !chart.library &&
      !usedElsewhere.has(chart.dir) &&
      !charts.some((other) => other !== chart && isBelow(chart.dir, other.dir)),
  );
}

/** Environment values files beside a chart: values-production.yaml, values.prod.yml → [file, env]. */
export function valuesVariants(index: TreeIndex, chartDir: string): [string, string][] {
  const variants: [string, string][] = [];
  for (const file of index.files) {
    if (dirOf(file) !== chartDir) continue;
    const env = /^values[-.](.+)\.ya?ml$/.exec(baseName(file))?.[1];
    if (env !== undefined && env !== 'schema') variants.push([file, env]);
  }
  return variants.sort((a, b) => a[0].localeCompare(b[0]));
}
