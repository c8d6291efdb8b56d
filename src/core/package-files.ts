import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where preadmit's own files are, whichever way it runs: from the TypeScript sources
 * (`src/…/*.ts` through tsx or vitest) or compiled (`dist/…/*.js`, one bundle per entry).
 * A bundle's `import.meta.url` is the bundle, not the source file, so runtime files are
 * found from the package root rather than by a fixed number of `..`.
 */

const PACKAGE_NAME = 'preadmit';

/** The directory holding preadmit's package.json, found by walking up from `from` (a file URL or path). */
export function packageRoot(from: string = import.meta.url): string {
  const start = from.startsWith('file:') ? fileURLToPath(from) : from;
  let dir = dirname(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`preadmit: cannot find its package.json above ${start}`);
    dir = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}

/** True when this code runs compiled (dist/*.js), false from the TypeScript sources. */
export function runsCompiled(from: string = import.meta.url): boolean {
  return !from.endsWith('.ts');
}

/** A script to start in a worker thread or child process, in the form this code runs in. */
export interface RuntimeEntry {
  /** dist/<path>.js when compiled, src/<path>.ts from the sources. */
  url: URL;
  /** Node flags the thread or process needs: `--import tsx` to run the sources. */
  execArgv: string[];
}

/**
 * The runnable form of an entry point under src/, e.g. `runtimeEntry('workers/pool-worker.ts')`:
 * the compiled `dist/workers/pool-worker.js` when preadmit runs compiled (every `src/**\/*-worker.ts`
 * is a build entry, see scripts/build.ts), else the source file run through tsx.
 */
export function runtimeEntry(sourcePath: string, from: string = import.meta.url): RuntimeEntry {
  const root = packageRoot(from);
  const relative = sourcePath.replace(/^(\.\/)?(src\/)?/, '');
  if (runsCompiled(from)) {
    return { url: pathToFileURL(join(root, 'dist', relative.replace(/\.ts$/, '.js'))), execArgv: [] };
  }
  return { url: pathToFileURL(join(root, 'src', relative)), execArgv: ['--import', 'tsx'] };
}

/** The policies that ship with preadmit (the package's policies/ folder). */
export function builtinPoliciesDir(from: string = import.meta.url): string {
  return join(packageRoot(from), 'policies');
}

/** The built-in policies loaded at build time (src/pipeline/policy-snapshot.ts); absent before `npm run build`. */
export function builtinPoliciesSnapshot(from: string = import.meta.url): string {
  return buildArtifact(from, 'builtin-policies.v8');
}

/** CONFIG_SCHEMA's standalone validator (src/config/config-validator.ts); absent before `npm run build`. */
export function compiledConfigValidator(from: string = import.meta.url): string {
  return buildArtifact(from, 'config-validator.cjs');
}

/**
 * A file `npm run build` writes into dist/ to save start-up work. PREADMIT_IGNORE_BUILD=1
 * ignores them (everything is then loaded from the sources, as before the build existed;
 * bench:cli measures that way).
 */
function buildArtifact(from: string, name: string): string {
  return process.env['PREADMIT_IGNORE_BUILD'] === '1' ? join(packageRoot(from), 'dist', 'ignored', name) : join(packageRoot(from), 'dist', name);
}

/** preadmit's version from its package.json. */
export function packageVersion(from: string = import.meta.url): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(from), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
