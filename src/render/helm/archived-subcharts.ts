import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseTar } from 'nanotar';
import { isObject, type JsonValue } from '../../core/json.ts';

/** A subchart vendored as an archive (`charts/<name>-<version>.tgz`): the texts helm rendered it from. */
export interface ArchivedChart {
  /** The archive, tree-relative (where its templates are said to come from). */
  archive: string;
  /** Text of its templates (`templates/…`, nested subcharts' too) and values.yaml, by path inside the chart directory. */
  files: ReadonlyMap<string, string>;
}

/** Archives larger than this are not read for source mapping (their resources keep the subchart's place). */
const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

const KEPT = /(^|\/)templates\/.+\.(ya?ml|tpl|txt)$|^values\.ya?ml$/;

/** The chart directory an archive holds (`kafka/` in kafka-20.0.6.tgz), with the files kept for mapping. */
function unpack(archive: string, bytes: Buffer): { name: string; chart: ArchivedChart } | undefined {
  const items = parseTar(gunzipSync(bytes, { maxOutputLength: 8 * MAX_ARCHIVE_BYTES }));
  const files = new Map<string, string>();
  let name: string | undefined;
  for (const item of items) {
    if (item.type !== undefined && item.type !== 'file') continue;
    const [top, ...rest] = item.name.split('/');
    if (top === undefined || top === '' || rest.length === 0 || rest.includes('..')) continue;
    if (name !== undefined && top !== name) return undefined;
    name = top;
    const path = rest.join('/');
    if (KEPT.test(path) && item.data) files.set(path, new TextDecoder().decode(item.data));
  }
  return name === undefined ? undefined : { name, chart: { archive, files } };
}

/**
 * The subcharts a chart keeps as archives in its charts/ directory, by the name its rendered
 * templates go by (`# Source: parent/charts/<name>/templates/…`): the chart's name, or the
 * alias `dependencies` (the chart's dependency list, as read) gives it. Archives that cannot be read are left out.
 */
export async function readArchivedSubcharts(treeDir: string, chartRel: string, dependencies: JsonValue | undefined): Promise<Map<string, ArchivedChart>> {
  const prefix = chartRel === '.' ? '' : `${chartRel}/`;
  const out = new Map<string, ArchivedChart>();
  let names: string[];
  try {
    names = (await readdir(join(treeDir, prefix, 'charts'))).filter((n) => n.endsWith('.tgz')).sort();
  } catch {
    return out;
  }
  for (const file of names) {
    const path = join(treeDir, prefix, 'charts', file);
    try {
      if ((await stat(path)).size > MAX_ARCHIVE_BYTES) continue;
      const unpacked = unpack(`${prefix}charts/${file}`, await readFile(path));
      if (unpacked && !out.has(unpacked.name)) out.set(unpacked.name, unpacked.chart);
    } catch {
      // not a readable chart archive: its resources keep the subchart's place
    }
  }
  // a dependency with an alias renders under the alias
  for (const dependency of Array.isArray(dependencies) ? dependencies : []) {
    if (!isObject(dependency) || typeof dependency['alias'] !== 'string' || typeof dependency['name'] !== 'string') continue;
    const archived = out.get(dependency['name']);
    if (archived && !out.has(dependency['alias'])) out.set(dependency['alias'], archived);
  }
  return out;
}
