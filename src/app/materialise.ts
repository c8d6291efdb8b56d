import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitHub, RepoId } from './github.ts';
import { readFilesAtCommits } from './read-files.ts';
import { SYMLINK_MODE, type TreeListing } from './tree-files.ts';
import type { Unchecked } from './unchecked.ts';
import { appendAll } from '../core/append-all.ts';

/** Trees with more files than this are not materialised (the check then says what it could not render). */
export const MAX_MATERIALISED_FILES = 20_000;
/** Files over this size are left out of a materialised tree (and named when a rendered root holds them). */
export const MAX_MATERIALISED_BYTES = 1024 * 1024;

/** A commit to write out: its listing and the (empty) directory to write it in. */
export interface CommitToMaterialise {
  sha: string;
  listing: TreeListing;
  dir: string;
}

/** A commit written out: how many files, and what was left out of it (with why). */
export interface Materialised {
  files: number;
  leftOut: Unchecked[];
}

/** Whether a repository path may be written under `dir` (paths come from git; refuse anything that would leave it). */
function safeTarget(dir: string, path: string): string | undefined {
  const target = join(dir, path);
  if (!target.startsWith(dir + '/') || path.split('/').some((part) => part === '..' || part === '.' || part === '')) return undefined;
  return target;
}

/**
 * Write commits' files (from their listings) under their directories, so the renderers
 * (kustomize, helm) can build them. All commits are read together in GraphQL batches of 100
 * files, each file written to disk as it arrives (memory holds one batch, not the trees).
 * Links are never written (a renderer would follow them); files over 1 MB and files that
 * are not text are left out and listed. Returns per commit what was written and left out,
 * or why a tree cannot be materialised (truncated listing, too many files).
 */
export async function materialiseCommits(github: GitHub, repo: RepoId, commits: readonly CommitToMaterialise[], signal: AbortSignal): Promise<{ ok: true; commits: Materialised[] } | { ok: false; error: string }> {
  const wanted: Array<{ sha: string; paths: Set<string> }> = [];
  const results: Materialised[] = [];
  for (const { sha, listing } of commits) {
    if (listing.truncated) return { ok: false, error: `GitHub truncated the file tree of ${sha.slice(0, 7)}` };
    const blobs = listing.tree.filter((e) => e.type === 'blob' && e.path !== undefined);
    if (blobs.length > MAX_MATERIALISED_FILES) return { ok: false, error: `${sha.slice(0, 7)} has ${blobs.length} files (more than ${MAX_MATERIALISED_FILES})` };
    const leftOut: Unchecked[] = [];
    const paths = new Set<string>();
    for (const e of blobs) {
      const path = e.path as string;
      if (e.mode === SYMLINK_MODE) leftOut.push({ path, reason: `is a symbolic link at ${sha.slice(0, 7)}; links are never followed when rendering, so what it points to was not rendered` });
      else if ((e.size ?? 0) > MAX_MATERIALISED_BYTES) leftOut.push({ path, reason: `is ${((e.size ?? 0) / 1048576).toFixed(1)} MB at ${sha.slice(0, 7)}; files over 1 MB are left out of the rendered tree, so it was not rendered` });
      else paths.add(path);
    }
    wanted.push({ sha, paths });
    results.push({ files: 0, leftOut });
  }
  const dirs = commits.map((c) => c.dir);
  const read = await readFilesAtCommits(github, repo, wanted, signal, undefined, async (index, path, text) => {
    const dir = dirs[index];
    const target = dir === undefined ? undefined : safeTarget(dir, path);
    const result = results[index];
    if (target === undefined || result === undefined) return;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    result.files++;
  });
  for (const [index, r] of read.entries()) appendAll(results[index]?.leftOut ?? [], r.unchecked.map((u) => ({ path: u.path, reason: `${u.reason}; it was left out of the rendered tree` })));
  return { ok: true, commits: results };
}
