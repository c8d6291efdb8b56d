import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isObject, type JsonValue } from '../../core/json.ts';

/** A patch or transformer configuration written in the kustomization itself rather than a path: a string with a line break, a flow mapping or a `key:` line. */
export function isInlineEntry(entry: string): boolean {
  return entry.includes('\n') || entry.trimStart().startsWith('{') || /^\s*[\w"']+\s*:/.test(entry);
}

/** A scheme (`https://`, `file:`), a forced getter (`git::`, `s3::`), an scp-like address (`git@host:`) or a host-qualified path. */
export function isUrlLike(entry: string): boolean {
  const e = entry.trim();
  if (/^[a-z][a-z0-9+.-]*::/i.test(e)) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(e) && !/^[a-z]:[\\/]/i.test(e)) return true;
  if (/^[\w.-]+@[\w.-]+:/.test(e)) return true;
  if (/[?&](ref|version|timeout|submodules)=/.test(e)) return true;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(e);
}

/** Whether a URL-like entry reads the machine itself (file://, git::file://, a local git directory): never allowed. */
export function readsHost(entry: string): boolean {
  return /(^|::)file:/i.test(entry.trim());
}

/** Is `child` in or below `parent` (both absolute)? */
export function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Why a local reference of a kustomization in `dir` may not be read, or undefined: it must
 * stay inside `treeDir` (the temporary copy), also once links are resolved. Pure but for
 * resolving links on disk.
 */
export function outsideTree(treeDir: string, dir: string, entry: string): string | undefined {
  const target = resolve(dir, entry);
  if (!inside(treeDir, target)) return 'leaves the repository';
  const realTree = real(treeDir) ?? treeDir;
  const realTarget = real(target);
  if (realTarget !== undefined && !inside(realTree, realTarget)) return 'leads out of the repository through a symbolic link';
  return undefined;
}

/** Every other place of a kustomization that names a file or directory kustomize reads (besides resources/bases/components). */
export function fileReferences(value: Record<string, JsonValue>): { pointer: string; entry: string }[] {
  const out: { pointer: string; entry: string }[] = [];
  const strings = (list: JsonValue | undefined, pointer: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      if (typeof item === 'string') out.push({ pointer: `${pointer}/${index}`, entry: item });
    });
  };
  for (const field of ['patchesStrategicMerge', 'crds', 'configurations', 'generators', 'transformers', 'validators']) strings(value[field], `/${field}`);
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    const list = value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (isObject(item) && typeof item['path'] === 'string') out.push({ pointer: `/${field}/${index}/path`, entry: item['path'] });
    });
  }
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const list = value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      const files = item['files'];
      if (Array.isArray(files)) {
        files.forEach((f, i) => {
          // "key=path" or "path"
          if (typeof f === 'string') out.push({ pointer: `/${field}/${index}/files/${i}`, entry: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f });
        });
      }
      strings(item['envs'], `/${field}/${index}/envs`);
      if (typeof item['env'] === 'string') out.push({ pointer: `/${field}/${index}/env`, entry: item['env'] });
    });
  }
  const helmGlobals = value['helmGlobals'];
  if (isObject(helmGlobals)) {
    if (typeof helmGlobals['chartHome'] === 'string') out.push({ pointer: '/helmGlobals/chartHome', entry: helmGlobals['chartHome'] });
    if (typeof helmGlobals['configHome'] === 'string') out.push({ pointer: '/helmGlobals/configHome', entry: helmGlobals['configHome'] });
  }
  const charts = value['helmCharts'];
  if (Array.isArray(charts)) {
    charts.forEach((chart, index) => {
      if (!isObject(chart)) return;
      if (typeof chart['valuesFile'] === 'string') out.push({ pointer: `/helmCharts/${index}/valuesFile`, entry: chart['valuesFile'] });
      strings(chart['additionalValuesFiles'], `/helmCharts/${index}/additionalValuesFiles`);
      if (typeof chart['repo'] === 'string' && chart['repo'] !== '') out.push({ pointer: `/helmCharts/${index}/repo`, entry: chart['repo'] });
    });
  }
  const openapi = value['openapi'];
  if (isObject(openapi) && typeof openapi['path'] === 'string') out.push({ pointer: '/openapi/path', entry: openapi['path'] });
  return out;
}
