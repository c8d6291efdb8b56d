import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { mergeInto, mergeVariable } from '../../engine/scope-data.ts';
import { firstMapping, parseRangedDocuments } from '../yaml-ranges.ts';
import { takesRequirementsList } from './requirements-list.ts';

/**
 * `helm template` refuses a chart whose Chart.yaml names a dependency its charts/ directory
 * does not hold, even when the values turn that dependency off (`condition: redis-ha.enabled`
 * with `redis-ha.enabled: false`), although nothing of it would be rendered. A GitOps tool
 * fetches the dependency first and renders the chart without it; preadmit never fetches, so
 * it renders the chart as that tool would by leaving such dependencies out of its private copy
 * of Chart.yaml (or requirements.yaml). Only dependencies that helm itself would disable are left out, decided as helm
 * decides (tags, then the first condition path that holds a boolean); one that is on, or
 * whose state the values cannot tell, stays, and helm's error about it stands.
 */

/** The value at a dotted path of the values, as helm's PathValue finds it (undefined when absent). */
function valueAt(values: JsonObject, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = values;
  for (const key of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Is the dependency on for these (coalesced) values? As helm's processDependencyTags, then processDependencyConditions. */
export function dependencyEnabled(dependency: JsonObject, values: JsonObject): boolean {
  let enabled = true;
  const tags = dependency['tags'];
  const tagValues = values['tags'];
  if (Array.isArray(tags) && isObject(tagValues)) {
    const states = tags.flatMap((tag) => (typeof tag === 'string' && typeof tagValues[tag] === 'boolean' ? [tagValues[tag]] : []));
    enabled = states.includes(true) || !states.includes(false);
  }
  const condition = dependency['condition'];
  if (typeof condition === 'string') {
    // helm trims the whole condition, not each path in it
    for (const path of condition.trim().split(',')) {
      if (path === '') continue;
      const value = valueAt(values, path);
      if (typeof value === 'boolean') return value;
    }
  }
  return enabled;
}

/** Names of the charts the chart's charts/ directory holds: unpacked (by their Chart.yaml) and archived (by file name). */
async function heldCharts(chartDir: string): Promise<{ names: Set<string>; archives: string[] }> {
  const names = new Set<string>();
  const archives: string[] = [];
  let entries;
  try {
    entries = await readdir(join(chartDir, 'charts'), { withFileTypes: true });
  } catch {
    return { names, archives };
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      const chart = await readChart(join(chartDir, 'charts', entry.name));
      if (chart && typeof chart.value['name'] === 'string') names.add(chart.value['name']);
    } else if (/\.tgz$/i.test(entry.name)) {
      archives.push(entry.name);
    }
  }
  return { names, archives };
}

/** A chart's Chart.yaml or requirements.yaml as read: its mapping, with ranges, and its text. */
export type RangedFile = NonNullable<ReturnType<typeof firstMapping>> & { text: string };

async function readRanged(path: string): Promise<RangedFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const doc = firstMapping(parseRangedDocuments(text));
  return doc ? { ...doc, text } : undefined;
}

const readChart = (dir: string): Promise<RangedFile | undefined> => readRanged(join(dir, 'Chart.yaml'));

/** The file that lists a chart's dependencies: requirements.yaml when helm takes its list (see takesRequirementsList), else Chart.yaml. */
export interface DependencyList extends RangedFile {
  /** The file's name in the chart directory. */
  file: 'Chart.yaml' | 'requirements.yaml';
}

/** The dependency list of the chart in `chartDir`, whose Chart.yaml `chart` is: the file helm takes it from (see takesRequirementsList). */
export async function dependencyList(chartDir: string, chart: RangedFile): Promise<DependencyList> {
  const requirements = await readRanged(join(chartDir, 'requirements.yaml'));
  if (requirements !== undefined && takesRequirementsList(chart.value, requirements.value)) return { ...requirements, file: 'requirements.yaml' };
  return { ...chart, file: 'Chart.yaml' };
}

/** A values file's mapping (none when there is no file); undefined when it cannot be read as one (helm then says what is wrong). */
async function readValues(path: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : undefined;
  }
  if (text.trim() === '') return {};
  const doc = parseRangedDocuments(text)[0];
  if (doc === undefined) return {};
  return isObject(doc.value) ? doc.value : doc.value === null ? {} : undefined;
}

/** A `--set` of one boolean at a plain dotted path (`redis-ha.enabled=false`), as helm parses it. */
const BOOLEAN_SET = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)=(true|false)$/;

/**
 * The values with the `--set` assignments that set one boolean applied; `others`: the first key
 * segment of every other assignment, whose effect is not worked out here (a dependency whose
 * condition or tags it could reach is left as it is).
 */
function withSets(values: JsonObject, set: readonly string[]): { values: JsonObject; others: Set<string> } {
  const others = new Set<string>();
  let out = values;
  for (const assignment of set) {
    const match = BOOLEAN_SET.exec(assignment.trim());
    if (match) out = mergeVariable(out, match[1] ?? '', match[2] === 'true');
    else others.add(assignment.split('=')[0]?.split(/[.[]/)[0]?.trim() ?? '');
  }
  return { values: out, others };
}

/**
 * The text of the dependency list with the lines of dependency entry `index` turned into comment lines
 * (so every other line keeps its number); undefined when the entry is not a block sequence item on lines of its own.
 */
function withoutEntry(text: string, start: number, end: number): string | undefined {
  const lines = text.split('\n');
  const first = lines[start - 1];
  if (first === undefined || !/^\s*-\s/.test(first)) return undefined;
  for (let line = start; line <= end; line++) lines[line - 1] = '#';
  return lines.join('\n');
}

/** A dependency that is on but is fetched from a chart repository, which preadmit never does: the chart is rendered without it. */
export interface UnfetchedDependency {
  name: string;
  repository: string;
  /** Its entry in the dependency list (1-based). */
  line: number;
  column: number;
}

/** The dependency list with the left-out entries turned into comment lines. */
export interface DroppedDependencies {
  file: DependencyList['file'];
  text: string;
  /** The left-out dependencies that are on (the others are off for the values). */
  unfetched: UnfetchedDependency[];
}

/** What is said of a dependency the chart at `chartRel` (tree-relative) was rendered without, on its entry in the dependency list. */
export function unfetchedMessage(dependency: UnfetchedDependency, chartRel: string, listFile: DependencyList['file']): string {
  const inChart = chartRel === '.' ? '' : chartRel + '/';
  return (
    `${inChart}${listFile}:${dependency.line}:${dependency.column}: dependency "${dependency.name}" (${dependency.repository}) is not in ${inChart}charts/, and preadmit renders without network access and never fetches chart dependencies, ` +
    `so ${chartRel} was rendered and checked without it: nothing "${dependency.name}" deploys was checked. Run helm dependency build on the chart and commit the archive in its charts/ directory, or make the dependency a local chart (repository: file://…).`
  );
}

/** A repository helm fetches from (not a local chart): a URL, an OCI registry, or a repository added by name (`@name`, `alias:name`). */
const REMOTE = /^(https?:\/\/|oci:\/\/|@|alias:)/;

/**
 * The dependency list of the chart in `chartDir` without the dependencies its charts/ directory
 * does not hold and the values (the chart's values.yaml, then `valuesFiles` in order, then the
 * --set assignments `set`) turn off; undefined when there are none. A --set other than of one
 * boolean leaves in place any dependency whose condition or tags it could reach. With
 * `unfetched`, a missing dependency that is on and comes from a chart repository is left out
 * too, and listed: the chart is rendered without it rather than not at all.
 */
export async function disabledMissingDependencies(chartDir: string, list: DependencyList, valuesFiles: readonly string[], set: readonly string[], unfetched = false): Promise<DroppedDependencies | undefined> {
  const dependencies = list.value['dependencies'];
  if (!Array.isArray(dependencies) || dependencies.length === 0) return undefined;
  const held = await heldCharts(chartDir);
  const missing = dependencies.flatMap((dependency, index) => {
    if (!isObject(dependency) || typeof dependency['name'] !== 'string') return [];
    const name = dependency['name'];
    if (held.names.has(name) || held.archives.some((file) => file.startsWith(`${name}-`) || file === `${name}.tgz`)) return [];
    return [{ dependency, index }];
  });
  if (missing.length === 0) return undefined;
  let values = await readValues(join(chartDir, 'values.yaml'));
  for (const file of valuesFiles) {
    if (values === undefined) break;
    const more = await readValues(file);
    values = more && mergeInto(values, more);
  }
  if (values === undefined) return undefined;
  const { values: merged, others } = withSets(values, set);
  let text = list.text;
  const on: UnfetchedDependency[] = [];
  for (const { dependency, index } of missing) {
    const condition = typeof dependency['condition'] === 'string' ? dependency['condition'] : '';
    const touched = others.has('tags') || condition.split(',').some((path) => others.has(path.trim().split('.')[0] ?? ''));
    const repository = typeof dependency['repository'] === 'string' ? dependency['repository'].trim() : '';
    const off = !touched && !dependencyEnabled(dependency, merged);
    if (!off && !(unfetched && REMOTE.test(repository))) continue;
    const range = list.ranges.get(`/dependencies/${index}`);
    // each entry's lines are replaced one for one, so the others' ranges still hold
    const next = range && withoutEntry(text, range.start.line, range.end.line);
    if (next === undefined || range === undefined) return undefined;
    text = next;
    if (!off) on.push({ name: String(dependency['name']), repository, line: range.start.line, column: range.start.column });
  }
  return text === list.text ? undefined : { file: list.file, text, unfetched: on };
}
