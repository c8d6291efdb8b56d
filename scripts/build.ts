/**
 * npm run build — compile preadmit to dist/: one ES module bundle per entry point (esbuild),
 * so the CLI starts without a TypeScript transpiler and without resolving hundreds of
 * modules. Entries keep their path under src/ (src/cli/entry.ts -> dist/cli/entry.js):
 * - src/cli/entry.ts   the `preadmit` command (bin/preadmit.js)
 * - src/main.ts        the GitHub App (npm start, the Docker image)
 * - src/**\/*-worker.ts worker-thread and child-process entries, found by name; code starts
 *                      them through runtimeEntry() (src/core/package-files.ts), which picks
 *                      dist/…-worker.js when compiled and the .ts source under tsx.
 * Type checking is `npm run typecheck`.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { packageRoot } from '../src/core/package-files.ts';

const root = packageRoot(import.meta.url);
const src = join(root, 'src');
const outdir = join(root, 'dist');

function workerEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return workerEntries(full);
    return entry.isFile() && entry.name.endsWith('-worker.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const common = {
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
} as const;

rmSync(outdir, { recursive: true, force: true });
const results = await Promise.all([
  // The CLI and the workers carry their (pure JavaScript) dependencies inside the bundle:
  // one file to load is what makes the command start fast. CommonJS dependencies get a
  // `require` of their own.
  build({
    ...common,
    entryPoints: [join(src, 'cli', 'entry.ts'), ...workerEntries(src)],
    banner: { js: "import { createRequire as __preadmitRequire } from 'node:module'; const require = __preadmitRequire(import.meta.url);" },
  }),
  // The app loads Probot, pino and their transports from node_modules as they expect.
  build({ ...common, entryPoints: [join(src, 'main.ts')], packages: 'external' }),
]);
const outputs = results.flatMap((r) => Object.keys(r.metafile.outputs)).filter((file) => file.endsWith('.js'));
console.error(`preadmit: built ${outputs.map((file) => relative(root, join(root, file)).split(sep).join('/')).join(', ')}`);
