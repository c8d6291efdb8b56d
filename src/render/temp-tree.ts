import { cp, lstat, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** A private scratch area for one render: a copy of the tree and an empty home for the tool. */
export interface TempTree {
  /** The copy of the caller's tree: renderers may edit it freely. */
  tree: string;
  /** An empty directory for HOME, caches and configuration of the tool. */
  home: string;
}

const SKIPPED_NAMES = new Set(['.git', 'node_modules']);

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/**
 * Copy `treeDir` (without .git and node_modules) — or only the tree-relative
 * `paths` of it, at the same places — into a fresh temporary directory, run
 * `work` on it and remove it afterwards. Symbolic links that point outside the
 * tree are not copied, so a rendered manifest cannot read files from elsewhere
 * on the machine.
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
    const filter = async (from: string): Promise<boolean> => {
      if (from !== source && SKIPPED_NAMES.has(basename(from))) return false;
      const info = await lstat(from);
      if (!info.isSymbolicLink()) return true;
      try {
        return isInside(source, await realpath(from));
      } catch {
        return false;
      }
    };
    for (const path of paths ?? ['.']) {
      const from = resolve(source, path);
      // Paths outside the tree or missing are left to the renderer to report.
      if (!isInside(source, from) || !(await lstat(from).then(() => true, () => false))) continue;
      const to = resolve(tree, relative(source, from));
      await mkdir(dirname(to), { recursive: true });
      await cp(from, to, { recursive: true, verbatimSymlinks: true, filter, force: true });
    }
    return await work({ tree, home });
  } catch (error) {
    return onError(`could not prepare a copy of ${treeDir} to render: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (base !== undefined) await rm(base, { recursive: true, force: true }).catch(() => undefined);
  }
}
