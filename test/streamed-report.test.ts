/**
 * Issue 15: the JSON, text and github reports of a tree of plain files checked on the threads are written
 * as the findings come (nothing holds them all), and say exactly what the report made from every
 * finding at once says: the same bytes, the same exit status — also when the directory walk's
 * order is not the report's (`a-b/` sorts before `a/`) and a large file is read in pieces.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eachGeneratedFile } from '../bench/generate.ts';
import { BUILTIN_POLICIES, checkCommand } from '../src/cli/check-command.ts';
import { gatherLocal } from '../src/cli/gather-local.ts';
import type { Finding } from '../src/core/finding.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { toolOptionsFromEnv } from '../src/render/tool-paths.ts';
import { createWorkerPool } from '../src/workers/pool.ts';

const scratch = mkdtempSync(join(tmpdir(), 'preadmit-streamed-'));
const pool = createWorkerPool({ size: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

const FOLDERS = ['a', 'a-b', 'a/b', 'a b', 'A', 'a.b'];

function writeTree(dir: string): void {
  eachGeneratedFile(450, 1, 11, (file, text) => {
    const n = Number(/(\d+)\.yaml$/.exec(file)?.[1] ?? 0);
    const path = join(dir, FOLDERS[n % FOLDERS.length] as string, `r${n}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  });
  const many: string[] = [];
  eachGeneratedFile(900, 900, 12, (_file, text) => many.push(text));
  writeFileSync(join(dir, 'a-b', 'many.yaml'), many.join('---\n'));
}

async function run(args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await checkCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { ...process.env, PREADMIT_WORKERS: '2' } });
  return { status, stdout, stderr };
}

describe('the JSON report written as the check goes', () => {
  const dir = join(scratch, 'tree');
  writeTree(dir);

  it('hands the findings over in report order, keeping none, with the count and the verdict', async () => {
    const policySet = await loadPolicyDirs([BUILTIN_POLICIES]);
    const options = { render: true, renderOptions: { tools: toolOptionsFromEnv(process.env) }, threads: { pool, policyDirs: [BUILTIN_POLICIES] } };
    const whole = await gatherLocal(['.'], dir, policySet, options);
    const received: Finding[] = [];
    let groups = 0;
    const streamed = await gatherLocal(['.'], dir, policySet, { ...options, sink: (findings) => (groups++, received.push(...findings)) });
    if (!whole.ok || !streamed.ok) throw new Error('the check failed');
    expect(whole.outcome.streamed).toBeUndefined();
    expect(whole.outcome.findings.length).toBeGreaterThan(1000);
    expect(streamed.outcome.findings).toEqual([]);
    expect(groups).toBeGreaterThan(2);
    expect(JSON.parse(JSON.stringify(received))).toEqual(JSON.parse(JSON.stringify(whole.outcome.findings)));
    expect(streamed.outcome.streamed).toEqual({ count: whole.outcome.findings.length, blocking: whole.outcome.findings.some(whole.outcome.blocks) });
    expect(streamed.outcome.roots).toEqual(whole.outcome.roots);
    expect(streamed.outcome.stats).toEqual(whole.outcome.stats);
  }, 300_000);

  it('check --format json prints and writes the same bytes and exits as the report made at once (--summary keeps every finding)', async () => {
    const summary = join(scratch, 'summary.md');
    const once = await run(['.', '--format', 'json', '--summary', summary], dir);
    const streamed = await run(['.', '--format', 'json'], dir);
    expect(once.status).toBe(1);
    expect(streamed).toEqual(once);
    const file = join(scratch, 'report.json');
    const written = await run(['.', '--format', 'json', '--output', file], dir);
    expect(written.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(once.stdout);
  }, 300_000);

  it('check in text (the default, with or without colour) prints and writes the same text and exits as the report made at once', async () => {
    for (const extra of [[], ['--color']]) {
      const once = await run(['.', ...extra, '--summary', join(scratch, 'summary-text.md')], dir);
      const streamed = await run(['.', ...extra], dir);
      expect(once.status).toBe(1);
      expect(streamed.stdout.length).toBeGreaterThan(100_000);
      expect(streamed).toEqual(once);
    }
    const file = join(scratch, 'report.txt');
    const once = await run(['.', '--summary', join(scratch, 'summary-text.md')], dir);
    expect((await run(['.', '--output', file], dir)).status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(once.stdout);
  }, 300_000);

  it('check --format github prints and writes the same workflow commands and exits as the report made at once', async () => {
    const once = await run(['.', '--format', 'github', '--summary', join(scratch, 'summary-github.md')], dir);
    const streamed = await run(['.', '--format', 'github'], dir);
    expect(once.status).toBe(1);
    expect(streamed.stdout.split('\n').filter((line) => line.startsWith('::')).length).toBeGreaterThan(1000);
    expect(streamed).toEqual(once);
    const file = join(scratch, 'report.github');
    expect((await run(['.', '--format', 'github', '--output', file], dir)).status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(once.stdout);
  }, 300_000);

  it('a tree with nothing to report gives the empty report', async () => {
    const clean = join(scratch, 'clean');
    mkdirSync(clean);
    for (let i = 0; i < 450; i++) writeFileSync(join(clean, `cm${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: team\ndata:\n  k: v\n`);
    const once = await run(['.', '--format', 'json', '--summary', join(scratch, 'summary2.md')], clean);
    const streamed = await run(['.', '--format', 'json'], clean);
    expect(streamed).toEqual(once);
    expect(JSON.parse(streamed.stdout).findings).toEqual([]);
    const text = await run(['.'], clean);
    expect(text).toEqual(await run(['.', '--summary', join(scratch, 'summary3.md')], clean));
    expect(text.stdout).toMatch(/^No findings\.\nScanned 450 files, 450 resources/);
    const github = await run(['.', '--format', 'github'], clean);
    expect(github).toEqual(await run(['.', '--format', 'github', '--summary', join(scratch, 'summary4.md')], clean));
    expect(github.stdout).toBe('');
    const file = join(scratch, 'clean.github');
    await run(['.', '--format', 'github', '--output', file], clean);
    expect(readFileSync(file, 'utf8')).toBe('\n');
  }, 300_000);
});
