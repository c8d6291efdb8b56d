/**
 * The worker-thread pool compiled as `npm run build` compiles it: a bundle elsewhere in dist/
 * starts dist/workers/worker-entry.js (not a path relative to the bundle, not the sources).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPreadmit, cliBundleOptions } from '../scripts/build.ts';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'preadmit-compiled-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('compiled worker pool', () => {
  it('runs a task in a worker thread from the compiled build', async () => {
    copyFileSync(join(root, 'package.json'), join(work, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
    symlinkSync(join(root, 'policies'), join(work, 'policies'), 'dir');
    const written = await buildPreadmit(root, join(work, 'dist'));
    expect(existsSync(join(work, 'dist', 'workers', 'worker-entry.js'))).toBe(true);
    expect(written.some((f) => f.endsWith('worker-entry.js'))).toBe(true);
    const probe = join(work, 'probe.ts');
    writeFileSync(
      probe,
      [
        `import { createWorkerPool } from ${JSON.stringify(join(root, 'src', 'workers', 'pool.ts'))};`,
        `import { task } from ${JSON.stringify(join(root, 'src', 'workers', 'tasks', 'check-files.ts'))};`,
        'const pool = createWorkerPool({ size: 1 });',
        "const out = await pool.run('check-files', task.example);",
        'await pool.close();',
        'console.log(JSON.stringify({ resources: out.resources, findings: out.findings.length }));',
      ].join('\n'),
    );
    await build({ ...cliBundleOptions(root, join(work, 'dist', 'cli')), entryPoints: [probe], outbase: work, metafile: false });
    const out = execFileSync(process.execPath, [join(work, 'dist', 'cli', 'probe.js')], { cwd: work, encoding: 'utf8' });
    const result = JSON.parse(out) as { resources: number[]; findings: number };
    expect(result.resources).toEqual([1, 0]);
    expect(result.findings).toBeGreaterThan(0);
  });
});
