import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { FileTree } from '../render/roots/types.ts';
import { directoryTree } from './fs-tree.ts';

const run = promisify(execFile);

/** A read-only tree of one revision, materialised in a directory the renderers can read. */
export interface Workspace {
  /** The revision ('WORKTREE' for the working tree) and its directory. */
  ref: string;
  dir: string;
  tree: FileTree;
  dispose(): Promise<void>;
}

async function git(repo: string, args: string[], maxBuffer = 64 * 1024 * 1024): Promise<Outcome<string>> {
  try {
    const { stdout } = await run('git', ['-C', repo, ...args], { maxBuffer, encoding: 'utf8' });
    return ok(stdout);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return err((e.stderr ?? e.message).trim());
  }
}

/** Resolve a ref to its commit, so the check is pinned to an exact revision. */
export async function resolveRef(repo: string, ref: string): Promise<Outcome<string>> {
  const resolved = await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return resolved.ok ? ok(resolved.value.trim()) : err(`git cannot resolve "${ref}" in ${repo}: is it a branch, tag or commit of this repository?`);
}

/** The working tree itself (uncommitted changes included). */
export function worktreeWorkspace(repo: string): Workspace {
  return { ref: 'WORKTREE', dir: repo, tree: directoryTree(repo), dispose: async () => undefined };
}

/** A commit's tree, extracted with `git archive` into a temporary directory. */
export async function commitWorkspace(repo: string, ref: string): Promise<Outcome<Workspace>> {
  const sha = await resolveRef(repo, ref);
  if (!sha.ok) return sha;
  const dir = await mkdtemp(join(tmpdir(), 'preadmit-tree-'));
  const archive = join(dir, '..', `${dir.split(/[\\/]/).pop() ?? 'tree'}.tar`);
  const made = await git(repo, ['archive', '--format=tar', '-o', archive, sha.value]);
  if (!made.ok) {
    await rm(dir, { recursive: true, force: true });
    return err(`git archive ${ref}: ${made.error}`);
  }
  try {
    await run('tar', ['-xf', archive, '-C', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return err(`cannot extract ${ref}: ${(error as Error).message}`);
  } finally {
    await rm(archive, { force: true });
  }
  return ok({ ref: sha.value, dir, tree: directoryTree(dir), dispose: () => rm(dir, { recursive: true, force: true }) });
}

/** Paths that differ between base and head (the working tree when head is undefined), untracked files included. */
export async function changedPaths(repo: string, base: string, head?: string): Promise<Outcome<string[]>> {
  const diff = await git(repo, ['diff', '--name-only', '--no-renames', base, ...(head ? [head] : []), '--']);
  if (!diff.ok) return diff;
  const paths = new Set(diff.value.split('\n').filter((l) => l !== ''));
  if (!head) {
    const untracked = await git(repo, ['ls-files', '--others', '--exclude-standard']);
    if (untracked.ok) for (const p of untracked.value.split('\n')) if (p !== '') paths.add(p);
  }
  return ok([...paths].sort());
}

/** The top of the git repository holding a directory. */
export async function repositoryRoot(dir: string): Promise<Outcome<string>> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  return top.ok ? ok(top.value.trim()) : err(`${dir} is not inside a git repository (--base needs one)`);
}
