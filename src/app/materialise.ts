import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitHub, RepoId } from './github.ts';
import { readFilesAtCommits } from './read-files.ts';
import type { TreeListing } from './tree-files.ts';

/** Trees with more files than this are not materialised (rendering falls back to the changed files). */
export const MAX_MATERIALISED_FILES = 3000;
/** Files over this size are left out of a materialised tree. */
export const MAX_MATERIALISED_BYTES = 1024 * 1024;

/** A commit to write out: its listing and the (empty) directory to write it in. */
export interface CommitToMaterialise {
  sha: string;
  listing: TreeListing;
  dir: string;
}

/**
 * Write commits' files (from their listings) under their directories, so the renderers
 * (kustomize, helm) can build them. All commits are read together in GraphQL batches of 100
 * files. Returns the files written per commit, or why a tree cannot be materialised
 * (truncated listing, too many files).
 */
export async function materialiseCommits(github: GitHub, repo: RepoId, commits: readonly CommitToMaterialise[], signal: AbortSignal): Promise<{ ok: true; files: number[] } | { ok: false; error: string }> {
  const wanted: Array<{ sha: string; paths: Set<string> }> = [];
  for (const { sha, listing } of commits) {
    if (listing.truncated) return { ok: false, error: `GitHub truncated the file tree of ${sha.slice(0, 7)}` };
    const paths = listing.tree.filter((e) => e.type === 'blob' && e.path !== undefined && (e.size ?? 0) <= MAX_MATERIALISED_BYTES).map((e) => e.path as string);
    if (paths.length > MAX_MATERIALISED_FILES) return { ok: false, error: `${sha.slice(0, 7)} has ${paths.length} files (more than ${MAX_MATERIALISED_FILES})` };
    wanted.push({ sha, paths: new Set(paths) });
  }
  const read = await readFilesAtCommits(github, repo, wanted, signal);
  const files: number[] = [];
  for (const [index, { dir }] of commits.entries()) {
    let written = 0;
    for (const [path, text] of read[index]?.contents ?? []) {
      const target = join(dir, path);
      // Paths come from git; refuse anything that would leave the directory.
      if (!target.startsWith(dir + '/') || path.split('/').includes('..')) continue;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      written++;
    }
    files.push(written);
  }
  return { ok: true, files };
}
