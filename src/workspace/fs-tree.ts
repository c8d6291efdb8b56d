import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { outermostPaths } from '../render/roots/paths.ts';
import type { FileTree } from '../render/roots/types.ts';
import { compareText } from '../report/order.ts';

const SKIPPED = new Set(['.git', 'node_modules']);
/** Files larger than this are not read as text (GitHub's blob limit is far above any manifest). */
const MAX_TEXT_BYTES = 10 * 1024 * 1024;

/** What a directory tree notes as it reads files. */
export interface DirectoryTreeOptions {
  /** Words whose presence in each file read is remembered (see FileTree.mentions), so a later scan for them reads nothing again. */
  watch?: readonly string[];
  /** How a directory is listed (default: readdirSync with file types); a test may make one fail. */
  list?: (dir: string) => Dirent[];
  /**
   * Root-relative directories and files to list instead of the whole root ('/'-separated; a
   * directory with everything below it). Files elsewhere under the root can still be read.
   */
  within?: readonly string[];
}

const listDirectory = (dir: string): Dirent[] => readdirSync(dir, { withFileTypes: true });

/** The files under a directory as a FileTree: repository-relative paths with forward slashes. */
export function directoryTree(root: string, options: DirectoryTreeOptions = {}): FileTree {
  const paths: string[] = [];
  const unlisted: { path: string; reason: string }[] = [];
  const list = options.list ?? listDirectory;
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = list(dir);
    } catch (error) {
      // a directory that cannot be listed (permissions, a special file system) is left out and said
      const code = (error as NodeJS.ErrnoException).code;
      unlisted.push({ path: relative(root, dir).split(sep).join('/') || '.', reason: code ?? (error instanceof Error ? error.message : String(error)) });
      return;
    }
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) paths.push(relative(root, full).split(sep).join('/'));
    }
  };
  if (options.within === undefined) walk(root);
  else listWithin(root, options.within, walk, paths);
  paths.sort();
  unlisted.sort((a, b) => compareText(a.path, b.path));
  // what reads learnt: sizes (root discovery reads every manifest; the thread parts need their sizes),
  // verdicts, and which watched words each file holds
  const sizes = new Map<string, number>();
  const unreadable = new Set<string>();
  const watched = options.watch ?? [];
  const held = new Map<string, Set<string>>(watched.map((word) => [word, new Set<string>()]));
  const read = (path: string): string | undefined => {
    const text = readTreeText(root, path);
    if (text === undefined) unreadable.add(path);
    else {
      sizes.set(path, text.length);
      for (const word of watched) if (text.includes(word)) held.get(word)?.add(path);
    }
    return text;
  };
  return {
    paths,
    unlisted,
    read,
    size: (path) => sizes.get(path) ?? fileSize(join(root, path)),
    readable: (path) => (unreadable.has(path) ? false : sizes.has(path) ? true : undefined),
    mentions: (path, word) => {
      const holding = held.get(word);
      if (holding === undefined || !sizes.has(path)) return undefined;
      return holding.has(path);
    },
  };
}

/** List only the given directories (each once, a directory inside another with it) and files. */
function listWithin(root: string, within: readonly string[], walk: (dir: string) => void, paths: string[]): void {
  for (const path of outermostPaths(within)) {
    const full = join(root, path);
    let info;
    try {
      info = statSync(full);
    } catch {
      continue; // a named path that is not there lists nothing
    }
    if (info.isDirectory()) walk(full);
    else if (info.isFile()) paths.push(relative(root, full).split(sep).join('/'));
  }
}

function fileSize(full: string): number | undefined {
  try {
    return statSync(full).size;
  } catch {
    return undefined;
  }
}

/** A file of a directory tree as text: undefined when absent, unreadable, too large or binary. */
export function readTreeText(root: string, path: string): string | undefined {
  try {
    const full = join(root, path);
    if (statSync(full).size > MAX_TEXT_BYTES) return undefined;
    const text = readFileSync(full, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
