import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isObject } from '../../core/json.ts';
import { isWithinDir } from '../../core/within-dir.ts';
import { firstMapping, parseRangedDocuments } from '../yaml-ranges.ts';
import { dependencyList, type DependencyList } from './disabled-dependencies.ts';

/** A local chart put in a chart's charts/ directory, as `helm dependency build` would. */
export interface PlacedDependency {
  /** Where it sits in the copy, relative to the rendered chart: `charts/<name>` (nested: `charts/a/charts/b`). */
  inChart: string;
  /** Where its files are in the repository (tree-relative). */
  source: string;
}

/** How deep local charts may depend on local charts (a cycle stops at the first chart seen twice). */
const MAX_DEPTH = 8;

const ARCHIVE = /^(.+?)-v?\d+\.\d+\.\d+[^/]*\.tgz$/;

const toPosix = (path: string): string => path.split(sep).join('/');

async function chartName(dir: string): Promise<string | undefined> {
  try {
    const name = firstMapping(parseRangedDocuments(await readFile(join(dir, 'Chart.yaml'), 'utf8')))?.value['name'];
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Names of the charts a chart's charts/ directory already holds (directories by their Chart.yaml, archives by file name). */
async function vendoredNames(chartDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  let entries;
  try {
    entries = await readdir(join(chartDir, 'charts'), { withFileTypes: true });
  } catch {
    return names;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      names.add(entry.name);
      const name = await chartName(join(chartDir, 'charts', entry.name));
      if (name !== undefined) names.add(name);
    } else {
      const archived = ARCHIVE.exec(entry.name)?.[1];
      if (archived !== undefined) names.add(archived);
    }
  }
  return names;
}

/**
 * Dependencies whose `repository` is `file://<path>` to a chart inside the tree, missing
 * from charts/: each is copied to `charts/<name>` of the chart in the render's private copy
 * (`copyDir`), which is what `helm dependency build` does offline (it packs the local chart
 * into charts/), so the chart renders as its users deploy it. `sourceDir` is where the
 * chart's own files are in the repository's tree (file:// paths are relative to it); the
 * placed chart's own local dependencies are placed in turn. Paths that leave the tree,
 * hold no Chart.yaml or are already vendored are left alone (helm says what is missing).
 * `list` is the chart's dependency list, as read (see dependencyList).
 */
export async function placeLocalDependencies(tree: string, chartDir: string, list: DependencyList): Promise<PlacedDependency[]> {
  const placed: PlacedDependency[] = [];
  const seen = new Set<string>([resolve(chartDir)]);
  async function place(copyDir: string, sourceDir: string, inChart: string, depth: number, dependencies: { name: string; dir: string }[]): Promise<void> {
    if (depth >= MAX_DEPTH) return;
    const vendored = await vendoredNames(copyDir);
    for (const { name, dir: from } of dependencies) {
      // a chart that holds the one depending on it would be copied into itself
      if (vendored.has(name) || !isWithinDir(tree, from) || seen.has(from) || isWithinDir(from, copyDir) || (await chartName(from)) === undefined) continue;
      seen.add(from);
      const to = join(copyDir, 'charts', name);
      await mkdir(join(copyDir, 'charts'), { recursive: true });
      await cp(from, to, { recursive: true, filter: (path) => !/(^|[\\/])\.git$/.test(path) });
      vendored.add(name);
      const at = `${inChart === '' ? '' : inChart + '/'}charts/${name}`;
      placed.push({ inChart: at, source: toPosix(relative(tree, from)) || '.' });
      await place(to, from, at, depth + 1, await localDependencies(to, from));
    }
  }
  await place(chartDir, chartDir, '', 0, localEntries(list, chartDir));
  return placed;
}

/**
 * The dependencies of the chart at `chartDir` (in the file helm takes them from, see
 * dependencyList) whose repository is `file://<path>`: their names and directories, resolved
 * against `sourceDir` (where the chart's files are in the repository; its own directory by default).
 */
export async function localDependencies(chartDir: string, sourceDir = chartDir): Promise<{ name: string; dir: string }[]> {
  const text = await readFile(join(chartDir, 'Chart.yaml'), 'utf8').catch(() => undefined);
  const chart = text === undefined ? undefined : firstMapping(parseRangedDocuments(text));
  if (chart === undefined || text === undefined) return [];
  return localEntries(await dependencyList(chartDir, { ...chart, text }), sourceDir);
}

/** The file:// entries of a dependency list, resolved against `sourceDir`. */
function localEntries(list: DependencyList, sourceDir: string): { name: string; dir: string }[] {
  const dependencies = list.value['dependencies'];
  if (!Array.isArray(dependencies)) return [];
  const out: { name: string; dir: string }[] = [];
  for (const dependency of dependencies) {
    if (!isObject(dependency)) continue;
    const { name, repository } = dependency;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(name) || typeof repository !== 'string' || !repository.trim().startsWith('file://')) continue;
    out.push({ name, dir: resolve(sourceDir, repository.trim().slice('file://'.length)) });
  }
  return out;
}

/**
 * The chart's directory and, transitively, the directories of the local charts it depends
 * on (file://) inside the tree: what its render reads. Tree-relative, the chart's first.
 */
export async function chartWithLocalDependencies(treeDir: string, chartPath: string): Promise<string[]> {
  const tree = resolve(treeDir);
  const dirs = [resolve(tree, chartPath)];
  for (let i = 0; i < dirs.length; i++) {
    for (const { dir } of await localDependencies(dirs[i] as string)) {
      if (isWithinDir(tree, dir) && !dirs.includes(dir)) dirs.push(dir);
    }
  }
  return dirs.map((dir) => toPosix(relative(tree, dir)) || '.');
}

/**
 * The repository's path of a path inside the rendered chart (`charts/<name>/templates/x.yaml`),
 * when it lies in a placed local chart (the deepest that holds it); undefined otherwise.
 */
export function repositoryPathOf(placed: readonly PlacedDependency[], inChart: string): string | undefined {
  let best: PlacedDependency | undefined;
  for (const dependency of placed) {
    if ((inChart === dependency.inChart || inChart.startsWith(dependency.inChart + '/')) && (best === undefined || dependency.inChart.length > best.inChart.length)) best = dependency;
  }
  if (best === undefined) return undefined;
  const rest = inChart.slice(best.inChart.length).replace(/^\//, '');
  return best.source === '.' ? rest || '.' : rest === '' ? best.source : `${best.source}/${rest}`;
}
