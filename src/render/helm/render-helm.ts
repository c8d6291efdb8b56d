import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';


import { appendAll } from '../../core/append-all.ts';
import { isWithinDir } from '../../core/within-dir.ts';
import { getAtPointer, isObject } from '../../core/json.ts';
import type { SourcedResource } from '../../manifest/types.ts';
import { parseRenderedOutput, scrubPaths } from '../rendered-output.ts';
import { runTool } from '../run-tool.ts';
import type { TempTree } from '../temp-tree.ts';
import { toolEnv } from '../tool-env.ts';
import { resolveHelm } from '../tools.ts';
import type { FieldSource, RenderedResource, RenderOptions, RenderResult, RenderRoot } from '../types.ts';
import { firstMapping, parseRangedDocuments } from '../yaml-ranges.ts';
import { dependencyList, disabledMissingDependencies, unfetchedMessage } from './disabled-dependencies.ts';
import { helmErrorPlace } from './error-place.ts';
import { outputErrorMessage, sourceOfOutputLine } from './output-error-place.ts';
import { placeLocalDependencies, repositoryPathOf } from './local-dependencies.ts';
import { schemaErrorPlace } from './schema-error-place.ts';
import { readArchivedSubcharts, type ArchivedChart } from './archived-subcharts.ts';
import { composedValuesPlace } from './composed-values.ts';
import { namedTemplates } from './named-templates.ts';
import { helmSourceMap, presentSource, templateSegment } from './source-map.ts';
import type { HelmSource, TemplateSegment } from './source-map.ts';
import { helmSourceOperation } from './source-operation.ts';
import type { ValuesFile } from './values-refs.ts';

export const DEFAULT_RELEASE_NAME = 'release-name';

function treeRel(tree: string, path: string): string {
  return relative(tree, path).split(sep).join('/') || '.';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Text of every file under a `templates/` directory of the chart and its subcharts (for named
 * templates), named by its path in the repository (`inRepository` maps a chart-relative path
 * that lies elsewhere, as a placed local dependency's).
 */
async function templateFiles(tree: string, chartDir: string, inRepository: (inChart: string) => string | undefined): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  try {
    const entries = await readdir(chartDir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !/\.(tpl|ya?ml)$/.test(entry.name) || !/(^|\/)templates(\/|$)/.test(relative(chartDir, entry.parentPath))) continue;
      const text = await readText(path);
      if (text !== undefined) out.push({ file: inRepository(treeRel(chartDir, path)) ?? treeRel(tree, path), text });
    }
  } catch {
    // No named templates: fields emitted by them map to the including line.
  }
  return out;
}

/** Below `parent`, not `parent` itself. */
const isInsideDir = (parent: string, child: string): boolean => child !== parent && isWithinDir(parent, child);

/**
 * Chart.yaml dependencies of the chart and its vendored subcharts whose `repository` is a
 * local path (file://) leaving the repository: never rendered (helm would read them from the
 * machine). Each a located message.
 */
async function refusedDependencies(tree: string, chartDir: string): Promise<string[]> {
  const out: string[] = [];
  const charts = [chartDir];
  try {
    for (const entry of await readdir(join(chartDir, 'charts'), { withFileTypes: true })) if (entry.isDirectory()) charts.push(join(chartDir, 'charts', entry.name));
  } catch {
    // No vendored subcharts.
  }
  for (const dir of charts) {
    const text = await readText(join(dir, 'Chart.yaml'));
    if (text === undefined) continue;
    const chart = firstMapping(parseRangedDocuments(text));
    const deps = chart?.value['dependencies'];
    if (!Array.isArray(deps)) continue;
    deps.forEach((dep, index) => {
      if (typeof dep !== 'object' || dep === null || Array.isArray(dep)) return;
      const repository = (dep as Record<string, unknown>)['repository'];
      if (typeof repository !== 'string' || !/^file:/i.test(repository.trim())) return;
      const path = repository.trim().replace(/^file:(\/\/)?/i, '');
      if (isInsideDir(tree, resolve(dir, path))) return;
      const range = chart?.ranges.get(`/dependencies/${index}/repository`);
      const where = `${treeRel(tree, join(dir, 'Chart.yaml'))}${range ? `:${range.start.line}:${range.start.column}` : ''}`;
      out.push(`${where}: dependency repository "${repository}" leaves the repository and is never rendered; vendor the chart under charts/ instead`);
    });
  }
  return out;
}

/**
 * The chart-relative parts of a `# Source:` path: `chart/templates/x.yaml`, or
 * `chart/charts/sub/templates/x.yaml` for a subchart. A template can print its own "# Source:"
 * line: anything that is not a plain path inside the chart is undefined.
 */
function chartPathOf(source: string | undefined): string[] | undefined {
  const inChart = source?.split('/').slice(1) ?? [];
  if (inChart.length === 0 || inChart.some((part) => part === '..' || part === '.' || part === '' || part.includes('\\'))) return undefined;
  return inChart;
}

/** `# Source: chart/templates/x.yaml` comment lines of helm's output: line number -> path. */
function sourceComments(stdout: string): { line: number; path: string }[] {
  const out: { line: number; path: string }[] = [];
  stdout.split('\n').forEach((text, index) => {
    const match = /^# Source: (.+?)\s*$/.exec(text);
    if (match?.[1]) out.push({ line: index + 1, path: match[1] });
  });
  return out;
}

function templateOf(resource: SourcedResource, comments: readonly { line: number; path: string }[]): string | undefined {
  const start = resource.origin.ranges.get('')?.start.line ?? resource.origin.documentRange.start.line;
  let found: string | undefined;
  for (const comment of comments) {
    if (comment.line > start) break;
    found = comment.path;
  }
  return found;
}

/**
 * `helm template` of a chart directory in a private copy of the tree, with the
 * root's values files (in order), CRDs included and test hooks left out. No
 * cluster, no repositories, no plugins or post-renderers, no dependency
 * update: a dependency missing from charts/ is helm's error, reported as is, unless the
 * values turn it off (see disabled-dependencies.ts).
 */
export async function renderHelm(root: RenderRoot, temp: TempTree, options: RenderOptions): Promise<RenderResult> {
  const fail = (error: string): RenderResult => ({ root, error });
  const chartDir = resolve(temp.tree, root.path);
  const chartRel = treeRel(temp.tree, chartDir);
  if (chartRel.startsWith('..')) return fail(`${root.path} is outside the repository`);
  const chartText = await readText(join(chartDir, 'Chart.yaml'));
  if (chartText === undefined) return fail(`${chartRel} has no Chart.yaml`);
  const chart = firstMapping(parseRangedDocuments(chartText));
  if (chart === undefined || typeof chart.value['name'] !== 'string') return fail(`${chartRel}/Chart.yaml has no chart name`);
  const chartName = chart.value['name'];
  const userValues: string[] = [];
  for (const file of root.valuesFiles ?? []) {
    const path = resolve(temp.tree, file);
    const rel = treeRel(temp.tree, path);
    if (rel.startsWith('..')) return fail(`values file ${file} is outside the repository`);
    if (!(await isFile(path))) return fail(`values file ${file} does not exist`);
    userValues.push(rel);
  }
  const refused = await refusedDependencies(temp.tree, chartDir);
  if (refused.length > 0) return fail(refused.join('\n'));
  // Helm's loader follows links (.Files.Get, templates): one that led out of the copy was left out of it, so the chart is not rendered without it.
  const links = (temp.linksLeftOut ?? []).filter((link) => chartRel === '.' || link.startsWith(`${chartRel}/`));
  if (links.length > 0) return fail(links.map((link) => `${link}: is a symbolic link that leads out of the tree helm renders (out of the repository or the chart, into .git, or to nothing); links are never followed out of it, so ${chartRel} was not rendered`).join('\n'));
  const dependencies = await dependencyList(chartDir, { ...chart, text: chartText });
  // local charts (repository: file://…) go into charts/ as `helm dependency build` puts them; their files keep their own paths
  const placed = await placeLocalDependencies(temp.tree, chartDir, dependencies);
  const inRepository = (inChart: string): string | undefined => repositoryPathOf(placed, inChart);
  // dependencies missing from charts/ that the values turn off are left out, as a tool that fetched them would render nothing of them;
  // those that are on and come from a chart repository too, the chart then checked without them (each reported)
  const valuesPaths = userValues.map((rel) => join(temp.tree, rel));
  const dropped = await disabledMissingDependencies(chartDir, dependencies, valuesPaths, options.helmSet ?? [], true);
  if (dropped) await writeFile(join(chartDir, dropped.file), dropped.text);
  const valuesCache = new Map<string, ValuesFile['doc']>();
  const valuesDoc = async (rel: string): Promise<ValuesFile['doc']> => {
    if (!valuesCache.has(rel)) {
      const text = await readText(join(temp.tree, rel));
      valuesCache.set(rel, text === undefined ? undefined : parseRangedDocuments(text)[0]);
    }
    return valuesCache.get(rel);
  };
  const chartValues = `${chartRel === '.' ? '' : chartRel + '/'}values.yaml`;
  /** The repository's values files of the render (the chart's values.yaml, then --values files, in helm's order), holding the values of the chart at `prefix`. */
  const repositoryValues = async (prefix: readonly string[]): Promise<ValuesFile[]> =>
    Promise.all([chartValues, ...userValues].map(async (file) => ({ file, doc: await valuesDoc(file), prefix })));
  const tool = await resolveHelm(options.tools);
  if (!tool.ok) return fail(`helm is not available: ${tool.error}`);
  const args = [...tool.value.baseArgs, 'template', options.helmReleaseName ?? DEFAULT_RELEASE_NAME, chartRel];
  // CRDs in crds/ are applied on install; `helm test` hooks are not.
  args.push('--include-crds', '--skip-tests');
  for (const file of userValues) args.push('--values', file);
  if (options.helmNamespace !== undefined) args.push('--namespace', options.helmNamespace);
  if (options.helmKubeVersion !== undefined) args.push('--kube-version', options.helmKubeVersion);
  for (const apiVersion of options.helmApiVersions ?? []) args.push('--api-versions', apiVersion);
  for (const assignment of options.helmSet ?? []) args.push('--set', assignment);
  const runHelm = () =>
    runTool(tool.value.command, args, {
      cwd: temp.tree,
      env: toolEnv(temp.home, false),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.maxOutputBytes !== undefined ? { maxOutputBytes: options.maxOutputBytes } : {}),
      ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
    });
  let run = await runHelm();
  const unfetched = dropped?.unfetched ?? [];
  if ('error' in run && unfetched.length > 0) {
    // the chart does not render without them (a template includes theirs …): helm's own error about the missing dependency is the one to show
    const offOnly = await disabledMissingDependencies(chartDir, dependencies, valuesPaths, options.helmSet ?? []);
    await writeFile(join(chartDir, dependencies.file), offOnly?.text ?? dependencies.text);
    unfetched.length = 0;
    run = await runHelm();
  }
  if ('error' in run) {
    const hinted = withHelmHints(scrubPaths(run.error, temp.tree));
    const said = userValues.length === 0 && NEEDS_VALUES.some((re) => re.test(hinted)) && !REMOTE_SCHEMA.test(hinted) ? hinted + (await ciValuesHint(chartDir, chartRel)) : hinted;
    const place = helmErrorPlace(said, chartRel, chartName, dependencies, inRepository) ?? schemaErrorPlace(said, chartName, await repositoryValues([]));
    return fail(place === undefined ? said : `${place}: ${said}`);
  }
  const parsed = parseRenderedOutput(`${chartRel} (helm template)`, run.stdout);
  if ('error' in parsed) {
    // said on the template that wrote the failing output, in the repository's terms
    const inChart = chartPathOf(sourceOfOutputLine(run.stdout, parsed.line));
    if (inChart === undefined) return fail(parsed.error);
    const template = inRepository(inChart.join('/')) ?? `${chartRel === '.' ? '' : chartRel + '/'}${inChart.join('/')}`;
    const named = namedTemplates(await templateFiles(temp.tree, chartDir, inRepository));
    return fail(outputErrorMessage(template, await readText(join(temp.tree, template)), parsed.line, parsed.problem, named));
  }
  const comments = sourceComments(run.stdout);
  const defines = namedTemplates(await templateFiles(temp.tree, chartDir, inRepository));
  let archives: Promise<Map<string, ArchivedChart>> | undefined;
  const archiveDefines = new Map<ArchivedChart, ReadonlyMap<string, TemplateSegment>>();
  /** Template sources read from an archived subchart: their fields keep the subchart's place unless a values file of the repository sets them. */
  const archivedSources = new Map<string, string>();
  const ordinals = new Map<string, number>();
  const subchartPlaces = new Map<string, Promise<FieldSource | undefined>>();
  const resources: RenderedResource[] = [];
  const release = new Set([options.helmReleaseName ?? DEFAULT_RELEASE_NAME, ...(options.helmNamespace !== undefined ? [options.helmNamespace] : [])]);
  for (const resource of parsed.resources) {
    const source = templateOf(resource, comments);
    const map = source === undefined ? undefined : await templateSourceOf(resource, source);
    // a template of a subchart kept as an archive (charts/x-1.0.0.tgz) has no line: its place is where the chart configures the subchart
    const place = source !== undefined && (map === undefined || archivedSources.has(source)) ? await placeOfSubchart(source) : undefined;
    const rendered: RenderedResource = { object: resource.object, root: root.path, origin: resource.origin, sourceOf: (pointer) => presentSource(map?.(pointer))?.source ?? (pointer === '' ? place : undefined) };
    if (map) {
      const archive = source === undefined ? undefined : archivedSources.get(source);
      rendered.sourceOperation = (op) => helmSourceOperation(resource.object, map, release, op, archive);
    }
    resources.push(rendered);
  }
  const omitted = unfetched.map((d) => unfetchedMessage(d, chartRel, dependencies.file));
  return omitted.length > 0 ? { root, resources, omitted } : { root, resources };

  /** subchartPlace, once per subchart (its resources all share it). */
  function placeOfSubchart(source: string): Promise<FieldSource | undefined> {
    const [dir, sub] = source.split('/').slice(1);
    if (dir !== 'charts' || sub === undefined || sub === '') return Promise.resolve(undefined);
    let place = subchartPlaces.get(sub);
    if (!place) subchartPlaces.set(sub, (place = subchartPlace(sub)));
    return place;
  }

  /**
   * For `chart/charts/<sub>/…`: the subchart's key in the chart's values.yaml (where its
   * settings are given), else its entry under `dependencies` in Chart.yaml (by alias or name).
   */
  async function subchartPlace(sub: string): Promise<FieldSource | undefined> {
    const prefix = chartRel === '.' ? '' : chartRel + '/';
    const values = await valuesDoc(`${prefix}values.yaml`);
    const key = values?.ranges.get(`/${sub.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (key) return { file: `${prefix}values.yaml`, range: key, wholeResource: true };
    const chartText = await readText(join(temp.tree, `${prefix}Chart.yaml`));
    const chart = chartText === undefined ? undefined : parseRangedDocuments(chartText)[0];
    const dependencies = chart !== undefined && isObject(chart.value) ? chart.value['dependencies'] : undefined;
    if (!Array.isArray(dependencies)) return undefined;
    const index = dependencies.findIndex((d) => isObject(d) && (d['alias'] ?? d['name']) === sub);
    const entry = index < 0 ? undefined : chart?.ranges.get(`/dependencies/${index}`);
    return entry ? { file: `${prefix}Chart.yaml`, range: entry, wholeResource: true } : undefined;
  }

  async function templateSourceOf(resource: SourcedResource, source: string): Promise<((pointer: string) => HelmSource | undefined) | undefined> {
    const inChart = chartPathOf(source);
    if (inChart === undefined) return undefined;
    const placedFile = inRepository(inChart.join('/'));
    const file = placedFile ?? `${chartRel === '.' ? '' : chartRel + '/'}${inChart.join('/')}`;
    if (placedFile === undefined && !isInsideDir(chartDir, join(temp.tree, file))) return undefined;
    const text = await readText(join(temp.tree, file));
    if (text === undefined) return archivedTemplateSourceOf(resource, source, inChart);
    const kind = String(resource.object['kind'] ?? '');
    const subchart = inChart[0] === 'charts' && inChart[1] !== undefined ? inChart[1] : undefined;
    const values: ValuesFile[] = [];
    if (subchart !== undefined) values.push({ file: `${file.split('/templates/')[0]}/values.yaml`, doc: await valuesDoc(`${file.split('/templates/')[0]}/values.yaml`), prefix: [] });
    appendAll(values, await repositoryValues(subchart === undefined ? [] : [subchart]));
    return helmSourceMap(resource.object, templateSegment(file, text, kind, nextOrdinal(source, kind)), values, defines);
  }

  /** Which of the documents of `kind` a template source rendered this one is (0 for the first asked). */
  function nextOrdinal(source: string, kind: string): number {
    const key = `${source}\u0000${kind}`;
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    return ordinal;
  }

  /**
   * A template of a subchart kept as an archive (`charts/kafka-20.0.6.tgz`, nested subcharts
   * inside it included) is read from the archive; a field is mapped only to a values file of
   * the repository that sets it (the parent's values.yaml under the subchart's key, or a
   * --values file), never into the archive, which no one edits.
   */
  async function archivedTemplateSourceOf(resource: SourcedResource, source: string, inChart: readonly string[]): Promise<((pointer: string) => HelmSource | undefined) | undefined> {
    const chain: string[] = [];
    let at = 0;
    while (inChart[at] === 'charts' && inChart[at + 1] !== undefined) {
      chain.push(inChart[at + 1] as string);
      at += 2;
    }
    if (chain.length === 0 || inChart[at] !== 'templates') return undefined;
    archives ??= readArchivedSubcharts(temp.tree, chartRel, dependencies.value['dependencies']);
    const archived = (await archives).get(chain[0] as string);
    const inArchive = inChart.slice(2).join('/');
    const text = archived?.files.get(inArchive);
    if (!archived || text === undefined) return undefined;
    archivedSources.set(source, archived.archive);
    const kind = String(resource.object['kind'] ?? '');
    // lowest precedence first: the innermost chart's own values, each enclosing chart's, then the repository's
    const values: ValuesFile[] = [];
    for (let level = chain.length - 1; level >= 0; level--) {
      const dir = chain.slice(1, level + 1).map((name) => `charts/${name}/`).join('');
      const text = archived.files.get(`${dir}values.yaml`);
      values.push({ file: `${archived.archive}/${dir}values.yaml`, doc: text === undefined ? undefined : parseRangedDocuments(text)[0], prefix: chain.slice(level + 1) });
    }
    const repository = await repositoryValues(chain);
    const editable = new Set(repository.map((file) => file.file));
    appendAll(values, repository);
    let named = archiveDefines.get(archived);
    if (!named) {
      const files = [...archived.files].filter(([path]) => /(^|\/)templates\//.test(path)).map(([path, text]) => ({ file: `${archived.archive}/${path}`, text }));
      named = new Map([...defines, ...namedTemplates(files)]);
      archiveDefines.set(archived, named);
    }
    const map = helmSourceMap(resource.object, templateSegment(`${archived.archive}/${inArchive}`, text, kind, nextOrdinal(source, kind)), values, named);
    return (pointer) => {
      const found = map(pointer);
      if (found && editable.has(found.source.file)) return found;
      // a string the archive's template composes (an image from repository and tag): the values object that gives its parts
      const composed = composedValuesPlace(getAtPointer(resource.object, pointer), repository);
      return composed ? { source: composed } : undefined;
    };
  }
}

/** Errors of a template that reads a value the chart does not default (Helm's own, and a chart's `fail` wording). */
const MISSING_VALUE = /nil pointer evaluating|is required|required value|map has no entry for key|wrong type for value; expected|must be (?:set|specified|provided|defined)\b/;

/** helm's report of values the chart's values.schema.json refuses. */
const SCHEMA_REFUSED = /values don't meet the specifications of the schema/;

/** A schema the chart's values.schema.json refers to on the network ($ref to an http(s) URL), which helm could not load. */
const REMOTE_SCHEMA = /failing loading "(https?:\/\/[^"]+)"/;

/** A dependency the chart declares and its charts/ directory does not hold. */
const MISSING_DEPENDENCY = /missing in charts\/ directory/;

/** Helm's advice for its own command line, which means nothing to a preadmit user. */
const HELM_CLI_ADVICE = /^\s*Use --debug flag to render out invalid YAML\s*$/gm;

/** Helm 4's log lines (`level=WARN msg="this chart is deprecated"`), which precede its error without being it. */
const HELM_LOG_LINE = /^level=(?:DEBUG|INFO|WARN) msg=.*\n/gm;

/** Failures a values file could cure. */
const NEEDS_VALUES = [SCHEMA_REFUSED, MISSING_VALUE];

/**
 * chart-testing's convention: a chart that needs values keeps files that render it in ci/.
 * Pointing at them says exactly what to list under roots.charts ('' when there are none).
 */
async function ciValuesHint(chartDir: string, chartRel: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(join(chartDir, 'ci'))).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return '';
  }
  if (names.length === 0) return '';
  const prefix = chartRel === '.' ? 'ci' : `${chartRel}/ci`;
  const shown = names.slice(0, 3).map((name) => `${prefix}/${name}`);
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return `\nThe chart keeps values files for its tests in ${prefix}/ (${shown.join(', ')}${more}): to render it with one, give roots: {charts: {"${chartRel}": {valuesFiles: ["${shown[0]}"]}}} in .github/preadmit.yml, or --values ${shown[0]}.`;
}

/** A missing-value or missing-dependency failure says what to do about it, in preadmit's terms. */
export function withHelmHints(error: string): string {
  const said = error.replace(HELM_LOG_LINE, '').replace(HELM_CLI_ADVICE, '').trimEnd();
  if (MISSING_DEPENDENCY.test(said)) {
    return `${said}\npreadmit renders without network access and never fetches chart dependencies: run helm dependency build on the chart and commit the archives in its charts/ directory, or make the dependency a local chart (repository: file://…).`;
  }
  const remote = REMOTE_SCHEMA.exec(said)?.[1];
  if (SCHEMA_REFUSED.test(said) && remote !== undefined) {
    return `${said}\nThe chart's values.schema.json refers to a schema on the network (${remote}), and preadmit renders without network access, so the values could not be checked against it: the values are not at fault. Copy that schema into the chart and point the $ref at the copy (a relative path), so helm validates the values offline too.`;
  }
  if (SCHEMA_REFUSED.test(said)) {
    return `${said}\nThe chart's values.schema.json refuses these values: set each one listed to what the schema wants, in the chart's values.yaml, a file given with preadmit check --values FILE (or under roots.charts in .github/preadmit.yml), or with --set key=value.`;
  }
  if (!MISSING_VALUE.test(said)) return said;
  return `${said}\nThe chart needs values it does not default: give them with preadmit check --values FILE or --set key=value, or list the chart's values files under roots.charts in .github/preadmit.yml.`;
}
