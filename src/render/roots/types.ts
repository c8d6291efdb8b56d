import type { RenderRoot } from '../types.ts';

export type { RenderRoot };

/** A repository tree: its file paths (repository-relative, '/'-separated) and a reader. */
export interface FileTree {
  paths: readonly string[];
  /** Directories whose files could not be listed (a directory on disk), with why: their files are not in `paths`. */
  unlisted?: readonly { path: string; reason: string }[];
  /** The file's text, or undefined when it cannot be read (absent, binary, too large). */
  read(path: string): string | undefined;
  /** The file's size in bytes when the tree can tell it without reading it (a directory on disk). */
  size?(path: string): number | undefined;
  /** Whether read(path) gives text, when the tree knows without reading again (it was read before). */
  readable?(path: string): boolean | undefined;
  /**
   * Whether the file's text holds `word`, when the tree knows without reading again: a word it
   * watches (see directoryTree's `watch`), in a file it read before. Undefined otherwise.
   */
  mentions?(path: string, word: string): boolean | undefined;
}

/**
 * A render root found in a tree. `path` is a repository-relative directory ('.' for the
 * repository root) or, for a plain file, the file; `valuesFiles` are repository-relative.
 */
export interface FoundRoot extends RenderRoot {
  /** Set for roots named by configuration (roots.named), chart variants and Argo CD / Flux objects. */
  name?: string;
  /** The Argo CD Application or Flux object file that declared this root. */
  definedIn?: string;
}
