/**
 * npm run bench:cli — wall time of `preadmit check` on one small file, the compiled CLI
 * (dist/cli/entry.js, what `preadmit` runs once built) against the TypeScript sources through
 * tsx without the build's start-up files (PREADMIT_IGNORE_BUILD=1: what every call cost before the build). Runs alternate so machine load hits both
 * alike; prints the median and minimum of each and, on its last line,
 * {"runs","compiledMedianMs","sourceMedianMs","ratio"}. Build first: npm run build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/core/package-files.ts';
import { minOf } from '../src/core/arrays.ts';

const root = packageRoot(import.meta.url);
const RUNS = Number(process.argv[2] ?? 15);
const file = join(root, 'examples', 'demo-repo', 'ingress.yaml');
const compiled = join(root, 'dist', 'cli', 'entry.js');
if (!existsSync(compiled)) {
  console.error('bench:cli: dist/cli/entry.js is missing; run npm run build first');
  process.exit(2);
}
const commands = {
  compiled: [compiled, 'check', file],
  source: ['--import', 'tsx', join(root, 'src', 'cli', 'entry.ts'), 'check', file],
} as const;

const times: Record<keyof typeof commands, number[]> = { compiled: [], source: [] };
for (let i = 0; i < RUNS; i++) {
  for (const name of ['source', 'compiled'] as const) {
    const start = performance.now();
    // the sources as before the build: through tsx, and without the build's start-up files
    const env = name === 'source' ? { ...process.env, PREADMIT_IGNORE_BUILD: '1' } : process.env;
    const run = spawnSync(process.execPath, commands[name], { cwd: root, encoding: 'utf8', env });
    times[name].push(performance.now() - start);
    if (run.status !== 0 && run.status !== 1) throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
for (const name of ['source', 'compiled'] as const) {
  console.log(`${name}: median ${median(times[name]).toFixed(0)} ms, min ${minOf(times[name]).toFixed(0)} ms over ${RUNS} runs`);
}
const ratio = median(times.compiled) / median(times.source);
console.log(`compiled / source: ${ratio.toFixed(3)}`);
console.log(JSON.stringify({ runs: RUNS, compiledMedianMs: Math.round(median(times.compiled)), sourceMedianMs: Math.round(median(times.source)), ratio: Number(ratio.toFixed(3)) }));
