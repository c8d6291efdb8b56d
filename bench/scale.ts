/**
 * The scale table of `npm run bench`: generated trees of N resources, one file each and in
 * files of 6,250 documents, each measured in child processes of the same run:
 *
 * - floor: the `yaml` package parsing the same bytes with a LineCounter (bench/parse-floor.ts);
 * - check: `preadmit check DIR --format json` (fixes included, as shipped; bin/preadmit.js);
 * - no fixes: `preadmit check DIR --format json --no-fixes`, the same check with fix derivation,
 *   composition and planning left out, what a check costs when no fix is asked for.
 *
 * Each is wall time, CPU time (user + system) and peak RSS, read from GNU time (/usr/bin/time).
 * Sizes: BENCH_SIZES (default 1000,10000,100000); the 100,000 rows take long on a small machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliBundleOptions } from '../scripts/build.ts';
import { writeGeneratedTree } from './write-tree.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';
export const DOCS_PER_FILE = 6_250;

export interface Measured {
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  /** Exit status (check: 0 clean, 1 findings); undefined when the process did not finish. */
  status: number | undefined;
}

export interface ScaleRow {
  resources: number;
  perFile: number;
  files: number;
  mb: number;
  floor: Measured;
  check: Measured;
  noFixes: Measured;
}

/** Run a command under GNU time: its wall, CPU and peak RSS. */
function measure(args: string[]): Measured {
  const run = spawnSync(TIME, ['-f', 'BENCH-TIME %e %U %S %M', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'ignore', 'pipe'] });
  const line = run.stderr.split('\n').find((l) => l.startsWith('BENCH-TIME '));
  if (!line) throw new Error(`bench: no timing from ${args.join(' ')}: ${run.stderr.slice(-500)}`);
  const [wall, user, system, rssKb] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + system, peakRssMb: Math.round(rssKb / 1024), status: run.status ?? undefined };
}

const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** The floor program compiled as the CLI is (one bundle), so no run pays for transpilation. */
export async function compileHelpers(outdir: string): Promise<{ floor: string }> {
  await build({ ...cliBundleOptions(join(ROOT, 'bench'), outdir), sourcemap: false, entryPoints: [join(ROOT, 'bench/parse-floor.ts')] });
  return { floor: join(outdir, 'parse-floor.js') };
}

export function measureTree(dir: string, helpers: { floor: string }): Pick<ScaleRow, 'floor' | 'check' | 'noFixes'> {
  const out = join(dir, '..', 'report.json');
  const floor = measure(['node', helpers.floor, dir]);
  const check = measure(['node', join(ROOT, 'bin/preadmit.js'), 'check', dir, '--format', 'json', '--output', out]);
  const noFixes = measure(['node', join(ROOT, 'bin/preadmit.js'), 'check', dir, '--format', 'json', '--no-fixes', '--output', out]);
  rmSync(out, { force: true });
  return { floor, check, noFixes };
}

export async function runScaleBench(sizes: readonly number[], log: (line: string) => void = console.log): Promise<ScaleRow[]> {
  if (!existsSync(TIME)) {
    log('bench: /usr/bin/time (GNU time) is missing; the scale table is left out');
    return [];
  }
  // The compiled CLI, as users run it (bin/preadmit.js falls back to sources when dist is stale).
  execFileSync('node', [tsx, join(ROOT, 'scripts/build.ts')], { cwd: ROOT, stdio: 'ignore' });
  const compiled = mkdtempSync(join(ROOT, 'node_modules', '.preadmit-scale-bin-'));
  const helpers = await compileHelpers(compiled);
  const rows: ScaleRow[] = [];
  log(header());
  for (const resources of sizes) {
    for (const perFile of [1, DOCS_PER_FILE]) {
      const work = mkdtempSync(join(tmpdir(), 'preadmit-scale-'));
      try {
        const tree = writeGeneratedTree(join(work, 'tree'), resources, Math.min(perFile, resources));
        const row: ScaleRow = { resources, perFile, files: tree.files, mb: tree.bytes / 1e6, ...measureTree(tree.dir, helpers) };
        rows.push(row);
        log(rowLine(row));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  }
  rmSync(compiled, { recursive: true, force: true });
  return rows;
}

const pad = (text: string, width: number): string => text.padStart(width);

function header(): string {
  return [pad('resources', 9), pad('docs/file', 9), pad('MB', 6), pad('floor s', 8), pad('cpu', 6), pad('MiB', 5), pad('check s', 8), pad('cpu', 7), pad('MiB', 5), pad('x floor', 8), pad('ms/1k', 6), pad('no-fix s', 9), pad('cpu', 7), pad('MiB', 5), pad('fix/nofix', 9)].join(' ');
}

/** Check wall time per 1,000 resources, in ms: equal down a column when growth is linear. */
const perThousand = (row: ScaleRow): number => Math.round((row.check.wallS * 1000 * 1000) / row.resources);

function rowLine(row: ScaleRow): string {
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(1) : '-');
  return [
    pad(String(row.resources), 9),
    pad(String(row.perFile), 9),
    pad(row.mb.toFixed(1), 6),
    pad(row.floor.wallS.toFixed(1), 8),
    pad(row.floor.cpuS.toFixed(1), 6),
    pad(String(row.floor.peakRssMb), 5),
    pad(row.check.wallS.toFixed(1), 8),
    pad(row.check.cpuS.toFixed(1), 7),
    pad(String(row.check.peakRssMb), 5),
    pad(ratio(row.check.wallS, row.floor.wallS), 8),
    pad(String(perThousand(row)), 6),
    pad(row.noFixes.wallS.toFixed(1), 9),
    pad(row.noFixes.cpuS.toFixed(1), 7),
    pad(String(row.noFixes.peakRssMb), 5),
    pad(ratio(row.check.wallS, row.noFixes.wallS), 9),
  ].join(' ');
}

export function scaleJson(rows: readonly ScaleRow[]): Record<string, number | string>[] {
  return rows.map((r) => ({
    resources: r.resources,
    perFile: r.perFile,
    floorS: r.floor.wallS,
    floorCpuS: +r.floor.cpuS.toFixed(2),
    floorRssMb: r.floor.peakRssMb,
    checkS: r.check.wallS,
    checkCpuS: +r.check.cpuS.toFixed(2),
    checkRssMb: r.check.peakRssMb,
    ratioToFloor: +(r.check.wallS / r.floor.wallS).toFixed(2),
    checkMsPer1k: perThousand(r),
    noFixesS: r.noFixes.wallS,
    noFixesCpuS: +r.noFixes.cpuS.toFixed(2),
    noFixesRssMb: r.noFixes.peakRssMb,
    fixesRatio: +(r.check.wallS / r.noFixes.wallS).toFixed(2),
    checkStatus: r.check.status ?? 'killed',
  }));
}

/** Sizes from BENCH_SIZES (comma-separated), default 1k, 10k, 100k. */
export function benchSizes(env: NodeJS.ProcessEnv = process.env): number[] {
  const given = (env['BENCH_SIZES'] ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  return given.length > 0 ? given : [1_000, 10_000, 100_000];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runScaleBench(benchSizes());
  console.log(JSON.stringify({ scale: scaleJson(rows) }));
}
