import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPoliciesDir, packageRoot, packageVersion, runsCompiled, runtimeEntry } from './package-files.ts';

const root = join(import.meta.dirname, '..', '..');

describe('package files', () => {
  it('finds the package root from sources and from a compiled bundle at any depth', () => {
    expect(packageRoot(import.meta.url)).toBe(root);
    expect(packageRoot(pathToFileURL(join(root, 'dist', 'cli', 'entry.js')).href)).toBe(root);
    expect(packageRoot(join(root, 'dist', 'main.js'))).toBe(root);
    expect(existsSync(join(builtinPoliciesDir(import.meta.url), 'security'))).toBe(true);
    expect(packageVersion(import.meta.url)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('starts workers from dist when compiled and from the sources through tsx otherwise', () => {
    const fromSource = runtimeEntry('src/workers/pool-worker.ts', import.meta.url);
    expect(runsCompiled(import.meta.url)).toBe(false);
    expect(fromSource.url.pathname).toBe(join(root, 'src', 'workers', 'pool-worker.ts'));
    expect(fromSource.execArgv).toEqual(['--import', 'tsx']);
    const compiled = runtimeEntry('workers/pool-worker.ts', pathToFileURL(join(root, 'dist', 'cli', 'entry.js')).href);
    expect(compiled.url.pathname).toBe(join(root, 'dist', 'workers', 'pool-worker.js'));
    expect(compiled.execArgv).toEqual([]);
  });
});
