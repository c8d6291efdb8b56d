import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { isObject } from '../../core/json.ts';
import type { JsonValue } from '../../core/json.ts';
import { looksRemote, readKustomization, stringEntries } from './kustomization-file.ts';
import type { KustomizationFile } from './kustomization-file.ts';
import { readPatches } from './patch-entries.ts';
import type { PatchEntry } from './patch-entries.ts';
import { appendAll } from '../../core/append-all.ts';

/**
 * What a kustomize build reads, found by walking the kustomization and,
 * transitively, its local resources/bases/components before kustomize runs.
 */
export interface KustomizationTree {
  /** Patches in the order kustomize applies them (the last one to set a field wins). */
  patches: PatchEntry[];
  /** Every kustomization file read, tree-relative. */
  kustomizations: KustomizationFile[];
  /** Remote entries found (each a located message); refused unless allowed. */
  remote: string[];
}

interface Walk {
  treeDir: string;
  tree: KustomizationTree;
  visiting: Set<string>;
}

async function kindOf(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

export function treeRelative(treeDir: string, path: string): string {
  const rel = relative(treeDir, path);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** Walk the kustomization in `dir` (absolute, inside `treeDir`). Never throws. */
export async function walkKustomizations(treeDir: string, dir: string): Promise<KustomizationTree> {
  const walk: Walk = { treeDir, tree: { patches: [], kustomizations: [], remote: [] }, visiting: new Set() };
  try {
    await visit(walk, dir, new Set(), undefined);
  } catch {
    // Best effort: what was found so far still helps; kustomize reports real errors itself.
  }
  return walk.tree;
}

/**
 * Visit one kustomization. `files` collects the resource files it (transitively)
 * accumulates: its patches apply to those. A component's patches apply to what
 * the including kustomization accumulated, so they get `parentFiles`.
 */
async function visit(walk: Walk, dir: string, files: Set<string>, parentFiles: Set<string> | undefined): Promise<void> {
  if (walk.visiting.has(dir)) return;
  walk.visiting.add(dir);
  const kustomization = await readKustomization(dir);
  if (!kustomization) return;
  walk.tree.kustomizations.push(kustomization);
  const value = kustomization.doc.value;
  const fileRel = treeRelative(walk.treeDir, kustomization.path);
  for (const field of ['resources', 'bases', 'components'] as const) {
    for (const { entry, index } of stringEntries(value[field])) {
      const target = resolve(dir, entry);
      const kind = await kindOf(target);
      if (kind === 'file') {
        files.add(treeRelative(walk.treeDir, target));
      } else if (kind === 'dir') {
        const childFiles = new Set<string>();
        await visit(walk, target, childFiles, field === 'components' ? files : undefined);
        for (const file of childFiles) files.add(file);
      } else if (looksRemote(entry)) {
        const range = kustomization.doc.ranges.get(`/${field}/${index}`);
        const where = range ? `${fileRel}:${range.start.line}:${range.start.column}` : fileRel;
        walk.tree.remote.push(
          `${where}: remote ${field === 'components' ? 'component' : 'resource'} "${entry}" is not fetched: preadmit renders without network access (allow remote resources in the configuration to fetch it)`,
        );
      }
    }
  }
  for (const { pointer, entry } of fileReferences(value)) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) continue;
    const range = kustomization.doc.ranges.get(pointer);
    const where = range ? `${fileRel}:${range.start.line}:${range.start.column}` : fileRel;
    walk.tree.remote.push(`${where}: remote file "${entry}" is not fetched: preadmit renders without network access (allow remote resources in the configuration to fetch it)`);
  }
  const scope = parentFiles ?? files;
  appendAll(walk.tree.patches, (await readPatches(walk.treeDir, kustomization, scope)));
}


/** Other fields of a kustomization that name a file kustomize's loader would also fetch from a URL. */
function fileReferences(value: Record<string, JsonValue>): { pointer: string; entry: string }[] {
  const out: { pointer: string; entry: string }[] = [];
  for (const field of ['patchesStrategicMerge', 'crds', 'configurations', 'generators', 'transformers', 'validators']) {
    for (const { entry, index } of stringEntries(value[field])) out.push({ pointer: `/${field}/${index}`, entry });
  }
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    const list = value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (isObject(item) && typeof item['path'] === 'string') out.push({ pointer: `/${field}/${index}/path`, entry: item['path'] });
    });
  }
  const openapi = value['openapi'];
  if (isObject(openapi) && typeof openapi['path'] === 'string') out.push({ pointer: '/openapi/path', entry: openapi['path'] });
  return out;
}
