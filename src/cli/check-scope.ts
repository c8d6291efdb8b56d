import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONFIG_PATH } from '../config/parse.ts';

/**
 * What `preadmit check PATH…` looks at: the repository the paths belong to and, for each
 * path, the configuration that governs it. Reported paths are relative to the repository
 * root, so text, JSON and SARIF read the same from wherever the command ran, and GitHub code
 * scanning can place them.
 */
export interface CheckScope {
  /** The repository root (absolute). */
  root: string;
  /** How the root was found. */
  rootKind: 'git' | 'config' | 'directory';
  targets: CheckTarget[];
}

export interface CheckTarget {
  /** As given on the command line. */
  given: string;
  /** Relative to the root, '/'-separated; '.' for the root itself. */
  path: string;
  directory: boolean;
  /** The `.github/preadmit.yml` that applies (absolute), or undefined for the defaults. */
  config?: string;
}

export type ScopeResult = { ok: true; scope: CheckScope } | { ok: false; message: string };

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The directories from `start` up to the file system root. */
function* upwards(start: string): Generator<string> {
  let dir = start;
  for (;;) {
    yield dir;
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** The git top level holding `dir` (a `.git` directory or file, as worktrees and submodules have). */
export function gitTopLevel(dir: string): string | undefined {
  for (const candidate of upwards(dir)) if (existsSync(join(candidate, '.git'))) return candidate;
  return undefined;
}

/** The nearest `.github/preadmit.yml` from `dir` up to `stop` (inclusive), or up to the file system root. */
export function nearestConfig(dir: string, stop?: string): string | undefined {
  for (const candidate of upwards(dir)) {
    const file = join(candidate, CONFIG_PATH);
    if (existsSync(file)) return file;
    if (candidate === stop) return undefined;
  }
  return undefined;
}

const within = (path: string, dir: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The root of one path: the git top level; else the directory holding the nearest
 * `.github/preadmit.yml`; else the directory the command runs in when the path is inside it,
 * and otherwise the checked directory itself (a file's folder).
 */
function rootOf(abs: string, cwd: string): { root: string; kind: CheckScope['rootKind'] } {
  const dir = isDirectory(abs) ? abs : dirname(abs);
  const git = gitTopLevel(dir);
  if (git !== undefined) return { root: git, kind: 'git' };
  const config = nearestConfig(dir);
  if (config !== undefined) return { root: dirname(dirname(config)), kind: 'config' };
  return { root: within(abs, cwd) ? cwd : dir, kind: 'directory' };
}

const slashed = (path: string): string => path.split(sep).join('/');

/** Resolve the command line's paths (against `cwd`) into one repository's targets. */
export function checkScope(paths: readonly string[], cwd: string): ScopeResult {
  const resolved = paths.map((given) => ({ given, abs: resolve(cwd, given) }));
  const missing = resolved.filter((p) => !existsSync(p.abs)).map((p) => p.given);
  if (missing.length > 0) return { ok: false, message: `no such file or directory: ${missing.join(', ')}` };
  const roots = resolved.map((p) => ({ ...p, ...rootOf(p.abs, cwd) }));
  const first = roots[0];
  if (first === undefined) return { ok: false, message: 'no paths to check' };
  const others = roots.filter((r) => r.root !== first.root);
  if (others.length > 0) {
    const listed = [first, ...others].map((r) => `${r.given} (in ${r.root})`).join(', ');
    return { ok: false, message: `the paths belong to different repositories: ${listed}; check one repository at a time` };
  }
  const targets = roots.map((r): CheckTarget => {
    const directory = isDirectory(r.abs);
    const config = nearestConfig(directory ? r.abs : dirname(r.abs), first.root);
    return { given: r.given, path: slashed(relative(first.root, r.abs)) || '.', directory, ...(config !== undefined ? { config } : {}) };
  });
  return { ok: true, scope: { root: first.root, rootKind: first.kind, targets } };
}
