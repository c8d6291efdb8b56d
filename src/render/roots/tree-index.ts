import type { FileTree } from './types.ts';
import { dirOf, isBelow } from './paths.ts';

/** A tree with fast file and directory look-ups. */
export interface TreeIndex {
  tree: FileTree;
  files: ReadonlySet<string>;
  /** Every directory holding a file, '.' included. */
  dirs: ReadonlySet<string>;
}

export function indexTree(tree: FileTree): TreeIndex {
  const files = new Set<string>();
  const dirs = new Set<string>(['.']);
  for (const raw of tree.paths) {
    const path = raw.replace(/^\.\//, '');
    files.add(path);
    let dir = dirOf(path);
    while (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = dirOf(dir);
    }
  }
  return { tree, files, dirs };
}

/** Files directly in `dir`. */
export function filesIn(index: TreeIndex, dir: string): string[] {
  return [...index.files].filter((f) => dirOf(f) === dir);
}

/** Files anywhere below `dir`. */
export function filesBelow(index: TreeIndex, dir: string): string[] {
  return [...index.files].filter((f) => isBelow(f, dir));
}
