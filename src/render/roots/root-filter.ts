import { minimatch } from 'minimatch';
import type { RootsSettings } from '../../config/types.ts';
import { isWithin } from './paths.ts';
import type { FoundRoot } from './types.ts';

/** Whether a repository path matches a glob; a directory also matches globs that end in '/**'. */
export function pathMatches(path: string, glob: string): boolean {
  const options = { dot: true };
  if (path === '.') return glob === '.' || glob === '**' || minimatch('./', glob, options);
  return minimatch(path, glob, options) || minimatch(path + '/', glob, options);
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => pathMatches(path, glob));
}

/** Roots kept by roots.include/exclude, minus anything in a policy folder. */
export function keepRoot(root: FoundRoot, settings: Pick<RootsSettings, 'include' | 'exclude'>, policyPaths: readonly string[]): boolean {
  if (policyPaths.some((dir) => dir !== '.' && isWithin(root.path, dir.replace(/^\.\//, '').replace(/\/+$/, '')))) return false;
  return matchesAny(root.path, settings.include) && !matchesAny(root.path, settings.exclude);
}

function rootKey(root: FoundRoot): string {
  return `${root.renderer}\u0000${root.path}\u0000${(root.valuesFiles ?? []).join('\u0000')}`;
}

/** Declared by an object beats named beats found; among equals the first stays. */
function rank(root: FoundRoot): number {
  if (root.definedIn !== undefined) return 2;
  return root.name === undefined ? 0 : 1;
}

/** One root per (renderer, path, values files). */
export function dedupeRoots(roots: readonly FoundRoot[]): FoundRoot[] {
  const byKey = new Map<string, FoundRoot>();
  for (const root of roots) {
    const key = rootKey(root);
    const existing = byKey.get(key);
    if (existing === undefined || rank(root) > rank(existing)) byKey.set(key, root);
  }
  return [...byKey.values()];
}

export function compareRoots(a: FoundRoot, b: FoundRoot): number {
  return a.path.localeCompare(b.path) || (a.name ?? '').localeCompare(b.name ?? '');
}
