import type { FileTree } from './types.ts';
import { dirOf } from './paths.ts';

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
