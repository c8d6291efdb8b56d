import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { findKustomizationFile, readKustomization, stringEntries } from './kustomization-file.ts';
import { fileReferences } from './references.ts';
import { outermostPaths } from '../roots/paths.ts';
import type { JsonValue } from '../../core/json.ts';

/** The tree-relative form of an absolute path inside the tree, or undefined when it is outside. */
function inTree(treeDir: string, path: string): string | undefined {
  const rel = relative(treeDir, path);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/** What a path is; `link` when it, or a directory on the way to it, is a symbolic link (its real path differs). */
async function kindOf(path: string): Promise<'file' | 'dir' | 'link' | undefined> {
  try {
    const info = await stat(path);
    if ((await realpath(path)) !== path) return 'link';
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the kustomization in `dir` holds nothing but blanks and comments. */
async function isEmptyKustomization(dir: string): Promise<boolean> {
  const path = await findKustomizationFile(dir);
  if (path === undefined) return false;
  try {
    return (await readFile(path, 'utf8')).split('\n').every((line) => /^\s*(#.*)?$/.test(line));
  } catch {
    return false;
  }
}

/** Every path a kustomization names: its resources, bases and components, and the files it reads (patches, generators' files …). */
export function kustomizationEntries(value: Record<string, JsonValue>): string[] {
  return [
    ...(['resources', 'bases', 'components'] as const).flatMap((field) => stringEntries(value[field]).map((e) => e.entry)),
    ...fileReferences(value).map((r) => r.entry),
  ];
}

/**
 * What a kustomize build of `rootDir` reads, as tree-relative paths to copy for it: the directory of
 * every kustomization it reaches (resources, bases, components, transitively, with all they hold)
 * and every file or directory they name elsewhere (patches, generators' files, transformers, charts …).
 * A render then copies these rather than the whole repository, which costs a monorepo with many
 * overlays a copy of itself per overlay. Undefined (copy the whole tree) when the answer is not
 * sure: a symbolic link on the way, a kustomization that cannot be read. References outside the
 * tree, remote or missing are left out: the render reports them as before.
 */
export async function kustomizeCopyPaths(treeDir: string, rootDir: string): Promise<string[] | undefined> {
  try {
    const tree = await realpath(resolve(treeDir));
    const start = resolve(tree, rootDir);
    const at = inTree(tree, start);
    if (at === undefined || (await kindOf(start)) !== 'dir') return undefined;
    const paths = new Set<string>([at]);
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      const kustomization = await readKustomization(next);
      // an empty kustomization reads nothing (its directory is copied already)
      if (!kustomization && (await isEmptyKustomization(next))) continue;
      if (!kustomization) return undefined;
      const dir = dirname(kustomization.path);
      const value = kustomization.doc.value;
      const entries = kustomizationEntries(value);
      // a remote entry, or one outside the tree or missing, is not copied (the render reports it)
      for (const entry of entries) {
        const target = resolve(dir, entry);
        const rel = inTree(tree, target);
        const kind = rel === undefined ? undefined : await kindOf(target);
        if (kind === 'link') return undefined;
        if (rel === undefined || kind === undefined) continue;
        paths.add(rel);
        if (kind === 'dir' && !seen.has(target) && (await findKustomizationFile(target)) !== undefined) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    // a path inside another is copied with it
    return outermostPaths(paths);
  } catch {
    return undefined;
  }
}
