import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FileTree } from '../render/roots/types.ts';

const SKIPPED = new Set(['.git', 'node_modules']);
/** Files larger than this are not read as text (GitHub's blob limit is far above any manifest). */
const MAX_TEXT_BYTES = 10 * 1024 * 1024;

/** The files under a directory as a FileTree: repository-relative paths with forward slashes. */
export function directoryTree(root: string): FileTree {
  const paths: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) paths.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  paths.sort();
  // what reads learnt: sizes (root discovery reads every manifest; the thread parts need their sizes) and verdicts
  const sizes = new Map<string, number>();
  const unreadable = new Set<string>();
  const read = (path: string): string | undefined => {
    const text = readTreeText(root, path);
    if (text === undefined) unreadable.add(path);
    else sizes.set(path, text.length);
    return text;
  };
  return {
    paths,
    read,
    size: (path) => sizes.get(path) ?? fileSize(join(root, path)),
    readable: (path) => (unreadable.has(path) ? false : sizes.has(path) ? true : undefined),
  };
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
