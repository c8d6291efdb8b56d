import { cp, lstat, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isWithinDir } from '../core/within-dir.ts';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** A private scratch area for one render: a copy of the tree and an empty home for the tool. */
export interface TempTree {
  /** The copy of the caller's tree: renderers may edit it freely. */
  tree: string;
  /** An empty directory for HOME, caches and configuration of the tool. */
  home: string;
  /** Tree-relative paths of symbolic links left out of the copy: they lead out of it (or nowhere). */
  linksLeftOut?: string[];
}

const SKIPPED_NAMES = new Set(['.git', 'node_modules']);


/**
 * Copy `treeDir` (without .git and node_modules) — or only the tree-relative
 * `paths` of it, at the same places — into a fresh temporary directory, run
 * `work` on it and remove it afterwards. Symbolic links that point outside the
 * tree are not copied, and a copied link that does not lead to something inside
 * the copy (an absolute link back into `treeDir`, its .git, a file not copied) is
 * removed: a tool never follows a link out of the copy. Both are named in
 * `linksLeftOut`.
 */
export async function withTempTree<T>(
  treeDir: string,
  paths: readonly string[] | undefined,
  work: (temp: TempTree) => Promise<T>,
  onError: (message: string) => T,
): Promise<T> {
  let base: string | undefined;
  try {
    base = await mkdtemp(join(tmpdir(), 'preadmit-render-'));
    const tree = join(base, 'tree');
    const home = join(base, 'home');
    await mkdir(home);
    await mkdir(tree);
    const source = await realpath(resolve(treeDir));
    const linksLeftOut: string[] = [];
    const linksCopied: string[] = [];
    const filter = async (from: string): Promise<boolean> => {
      if (from !== source && SKIPPED_NAMES.has(basename(from))) return false;
      const info = await lstat(from);
      if (!info.isSymbolicLink()) return true;
      const inTree = await realpath(from).then((real) => isWithinDir(source, real), () => false);
      (inTree ? linksCopied : linksLeftOut).push(relative(source, from));
      return inTree;
    };
    for (const path of paths ?? ['.']) {
      const from = resolve(source, path);
      // Paths outside the tree or missing are left to the renderer to report.
      if (!isWithinDir(source, from) || !(await lstat(from).then(() => true, () => false))) continue;
      const to = resolve(tree, relative(source, from));
      await mkdir(dirname(to), { recursive: true });
      await cp(from, to, { recursive: true, verbatimSymlinks: true, filter, force: true });
    }
    // Links are copied as written: resolved in the copy, each must still end inside it.
    const copy = await realpath(tree);
    for (const rel of linksCopied) {
      const at = join(tree, rel);
      if (await realpath(at).then((real) => isWithinDir(copy, real), () => false)) continue;
      await rm(at, { force: true });
      linksLeftOut.push(rel);
    }
    return await work({ tree, home, linksLeftOut: [...new Set(linksLeftOut.map((rel) => rel.split(sep).join('/')))].sort() });
  } catch (error) {
    return onError(`could not prepare a copy of ${treeDir} to render: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (base !== undefined) await rm(base, { recursive: true, force: true }).catch(() => undefined);
  }
}
