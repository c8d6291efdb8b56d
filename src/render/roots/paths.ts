import { posix } from 'node:path';

/** Directory of a repository-relative path; '.' for a top-level file. */
export function dirOf(path: string): string {
  return posix.dirname(path);
}

export function baseName(path: string): string {
  return posix.basename(path);
}

/**
 * Resolve `ref` against the repository directory `dir`.
 * Undefined when it leaves the repository or is empty. '.' is the repository root.
 */
export function resolveIn(dir: string, ref: string): string | undefined {
  const trimmed = ref.trim();
  if (trimmed === '' || trimmed.startsWith('/')) return undefined;
  const joined = posix.normalize(posix.join(dir, trimmed)).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '' ? '.' : joined;
}

/** A path as written in an Argo/Flux object ('./apps/', 'apps', '') made repository-relative. */
export function repoPath(ref: string): string | undefined {
  return resolveIn('.', ref === '' ? '.' : ref);
}

/** True when `path` is `dir` itself or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '.') return true;
  return path === dir || path.startsWith(dir + '/');
}

/** True when `path` lies strictly below `dir`. */
export function isBelow(path: string, dir: string): boolean {
  if (dir === '.') return path !== '.';
  return path.startsWith(dir + '/');
}

/** References that point outside the repository: URLs, git remotes. */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /^github\.com\//.test(ref) || /\?ref=/.test(ref);
}

export function isManifestExtension(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/** The paths not below another of them (each once): what copying or listing them all needs. */
export function outermostPaths(paths: Iterable<string>): string[] {
  const all = [...new Set(paths)];
  return all.filter((path) => !all.some((other) => isBelow(path, other)));
}
