/**
 * npm run build — compile preadmit to dist/: one ES module bundle per entry point (esbuild),
 * so the CLI starts without a TypeScript transpiler and without resolving hundreds of
 * modules. Entries keep their path under src/ (src/cli/entry.ts -> dist/cli/entry.js):
 * - src/cli/entry.ts   the `preadmit` command (bin/preadmit.js)
 * - src/main.ts        the GitHub App (npm start, the Docker image)
 * - src/**\/*-worker.ts and src/**\/worker-entry.ts: worker-thread and child-process entries,
 *                      found by name; code starts them through runtimeEntry()
 *                      (src/core/package-files.ts), which picks dist/….js when compiled and
 *                      the .ts source (under tsx) otherwise.
 * Type checking is `npm run typecheck`.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { packageRoot } from '../src/core/package-files.ts';
import { writePolicySnapshot } from '../src/pipeline/policy-snapshot.ts';
import { writeConfigValidator } from '../src/config/config-validator.ts';

function workerEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return workerEntries(full);
    return entry.isFile() && (entry.name.endsWith('-worker.ts') || entry.name === 'worker-entry.ts') ? [full] : [];
  });
}

const common = (src: string, outdir: string): BuildOptions => ({
  outdir,
  outbase: src,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

/**
 * Bundle options of the CLI and the workers: they carry their (pure JavaScript) dependencies
 * inside, as one file to load is what makes the command start fast; CommonJS dependencies get
 * a `require` of their own. piscina starts its own worker file from its package directory,
 * and tsx only ever serves the sources, so both stay in node_modules.
 */
export const cliBundleOptions = (src: string, outdir: string): BuildOptions => ({
  ...common(src, outdir),
  external: ['piscina', 'tsx', 'tsx/*'],
  // less text to read and compile at every start (names are kept; the source map maps it back)
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: "import { createRequire as __preadmitRequire } from 'node:module'; const require = __preadmitRequire(import.meta.url);" },
});

/** Build every entry of the package at `root` into `outdir` (default root/dist, emptied first); returns the files written. */
export async function buildPreadmit(root: string, outdir: string = join(root, 'dist')): Promise<string[]> {
  const src = join(root, 'src');
  rmSync(outdir, { recursive: true, force: true });
  const results = await Promise.all([
    build({ ...cliBundleOptions(src, outdir), entryPoints: [join(src, 'cli', 'entry.ts'), ...workerEntries(src)] }),
    // The app loads Probot, pino and their transports from node_modules as they expect.
    build({ ...common(src, outdir), entryPoints: [join(src, 'main.ts')], packages: 'external' }),
  ]);
  // the built-in policies, loaded once here rather than on every `preadmit check`
  const snapshot = join(outdir, 'builtin-policies.v8');
  await writePolicySnapshot(join(root, 'policies'), snapshot);
  // the configuration's JSON Schema validator as standalone code (no ajv compile at start-up)
  const validator = join(outdir, 'config-validator.cjs');
  writeConfigValidator(validator);
  return [...results.flatMap((r) => Object.keys(r.metafile?.outputs ?? {})).filter((file) => file.endsWith('.js')), relative(root, snapshot), relative(root, validator)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = packageRoot(import.meta.url);
  const written = await buildPreadmit(root);
  console.error(`preadmit: built ${written.map((file) => relative(root, join(root, file)).split(sep).join('/')).join(', ')}`);
}
