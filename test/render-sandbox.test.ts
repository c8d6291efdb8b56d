/**
 * Issue 13, the renderer sandbox: no render reads a file outside the temporary tree or opens
 * a network connection. Sentinel files sit outside the tree — some are FIFOs, which block
 * whoever opens them for reading, so any read hangs the test instead of passing it — and a
 * listener on 127.0.0.1 counts every connection attempt. Bombs are stopped by the limits.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { TOOL_PATH, toolEnv } from '../src/render/tool-env.ts';
import type { RenderOptions, RenderResult } from '../src/render/types.ts';

const MARKER = 'SENTINEL-5c1e-outside-the-tree';
const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {marker: ${MARKER}}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n`;

let sandbox: string;
let outside: string;
let fifo: string;
let server: Server;
let port: number;
let connections = 0;
/** From any directory, a relative path to `target` (enough ../ to reach /). */
const up = (target: string): string => `${'../'.repeat(24)}${target.replace(/^\//, '')}`;

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'preadmit-sandbox-test-'));
  outside = join(sandbox, 'outside');
  await mkdir(join(outside, 'secret'), { recursive: true });
  await writeFile(join(outside, 'secret', 'kustomization.yaml'), 'resources:\n  - pod.yaml\n');
  await writeFile(join(outside, 'secret', 'pod.yaml'), pod('stolen'));
  fifo = join(outside, 'blocks-any-reader.yaml');
  execFileSync('mkfifo', [fifo]);
  await mkdir(join(outside, 'chart', 'templates'), { recursive: true });
  await writeFile(join(outside, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: stolen\nversion: 0.1.0\n');
  await writeFile(join(outside, 'chart', 'templates', 'pod.yaml'), pod('stolen-chart'));
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(sandbox, { recursive: true, force: true });
});

/** A repository tree with `files` (text, or `{ link }` for a symbolic link), rendered at `root`. */
async function render(name: string, files: Record<string, string | { link: string }>, root: { path: string; renderer: 'kustomize' | 'helm' }, options: RenderOptions = {}): Promise<RenderResult> {
  const tree = join(sandbox, 'repos', name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree, path, '..'), { recursive: true });
    if (typeof content === 'string') await writeFile(join(tree, path), content);
    else await symlink(content.link, join(tree, path));
  }
  return renderRoot(root, tree, options);
}

function refused(result: RenderResult, pattern: RegExp): void {
  if (!('error' in result)) throw new Error(`rendered ${result.resources.length} resources; expected a refusal`);
  expect(result.error).toMatch(pattern);
  expect(result.error).not.toContain(MARKER);
}

describe('kustomize references are resolved inside the temporary tree before kustomize runs', () => {
  it('refuses git::file:// (a git repository on the host) and file:// URLs', async () => {
    const result = await render('git-file', { 'app/kustomization.yaml': `resources:\n  - git::file://${outside}/secret\n  - file://${outside}/secret/pod.yaml\n` }, { path: 'app', renderer: 'kustomize' });
    refused(result, /app\/kustomization\.yaml:2:5: "git::file:\/\/[^"]+" reads the machine preadmit runs on and is never rendered/);
    expect((result as { error: string }).error).toMatch(/kustomization\.yaml:3:5: "file:\/\//);
  });

  it('refuses git::ssh:// and https:// remotes without opening a connection', async () => {
    const before = connections;
    const result = await render('remotes', { 'app/kustomization.yaml': `resources:\n  - git::ssh://git@127.0.0.1:${port}/org/repo.git//base?ref=v1\n  - https://127.0.0.1:${port}/pod.yaml\n  - ssh://127.0.0.1:${port}/org/repo\n  - git@127.0.0.1:org/repo.git\n` }, { path: 'app', renderer: 'kustomize' });
    refused(result, /kustomization\.yaml:2:5: remote resource "git::ssh:\/\/git@127\.0\.0\.1:\d+\/org\/repo\.git\/\/base\?ref=v1" is not fetched/);
    expect((result as { error: string }).error).toContain(`"https://127.0.0.1:${port}/pod.yaml" is not fetched`);
    expect((result as { error: string }).error).toContain(`"ssh://127.0.0.1:${port}/org/repo" is not fetched`);
    expect(connections).toBe(before);
  });

  it('refuses bases that leave the tree, relative (../../..) or absolute', async () => {
    const result = await render('out-of-tree', { 'app/kustomization.yaml': `resources:\n  - ${up(join(outside, 'secret'))}\n  - ${join(outside, 'secret')}\n  - ../../..\n` }, { path: 'app', renderer: 'kustomize' });
    refused(result, /kustomization\.yaml:2:5: "(\.\.\/)+[^"]*outside\/secret" leaves the repository and is never rendered/);
    expect((result as { error: string }).error).toMatch(/kustomization\.yaml:3:5: "\/[^"]*outside\/secret" leaves the repository/);
    expect((result as { error: string }).error).toMatch(/kustomization\.yaml:4:5: "\.\.\/\.\.\/\.\." leaves the repository/);
  });

  it('refuses patches, generator files and components outside the tree without opening them (the FIFO would block)', async () => {
    const kustomization = [
      'resources:',
      '  - pod.yaml',
      'patches:',
      `  - path: ${up(fifo)}`,
      'patchesStrategicMerge:',
      `  - ${up(fifo)}`,
      'configMapGenerator:',
      '  - name: leak',
      '    files:',
      `      - key=${up(fifo)}`,
      `    envs: [${up(fifo)}]`,
      'components:',
      `  - ${up(join(outside, 'secret'))}`,
      '',
    ].join('\n');
    const result = await render('out-of-tree-files', { 'app/kustomization.yaml': kustomization, 'app/pod.yaml': pod('inside') }, { path: 'app', renderer: 'kustomize' });
    refused(result, /kustomization\.yaml:4:\d+: "[^"]*blocks-any-reader\.yaml" leaves the repository and is never rendered/);
    const error = (result as { error: string }).error;
    expect(error).toMatch(/kustomization\.yaml:6:5: /);
    expect(error).toMatch(/kustomization\.yaml:10:\d+: /);
    expect(error).toMatch(/kustomization\.yaml:11:\d+: /);
    expect(error).toMatch(/kustomization\.yaml:13:5: /);
  });

  it('never follows a symbolic link out of the tree (file or directory)', async () => {
    const result = await render(
      'symlinks',
      {
        'app/kustomization.yaml': 'resources:\n  - linked-pod.yaml\n  - linked-dir\n',
        'app/linked-pod.yaml': { link: join(outside, 'secret', 'pod.yaml') },
        'app/linked-dir': { link: join(outside, 'secret') },
      },
      { path: 'app', renderer: 'kustomize' },
    );
    if (!('error' in result)) throw new Error('rendered through a link out of the tree');
    expect(result.error).not.toContain(MARKER);
    expect(result.error).toMatch(/linked-pod\.yaml|linked-dir/);
  });

  it("keeps kustomize's load restrictor on: a file of the tree but outside the kustomization's directory is refused by kustomize", async () => {
    const result = await render(
      'restrictor',
      { 'app/kustomization.yaml': 'resources:\n  - ../shared/pod.yaml\n', 'shared/pod.yaml': pod('shared') },
      { path: 'app', renderer: 'kustomize' },
    );
    if (!('error' in result)) throw new Error('the load restrictor is off');
    // said on the entry (only when kustomize refused the build for it: see withRestrictorHint)
    expect(result.error).toMatch(/kustomization\.yaml:2:5: resources entry "\.\.\/shared\/pod\.yaml" is a file outside the kustomization's directory/);
  });
});

describe('helm renders only the chart inside the tree', () => {
  const chart = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';

  it('refuses a file:// dependency that leaves the tree', async () => {
    const result = await render('helm-file-dep', { 'web/Chart.yaml': `${chart}dependencies:\n  - name: stolen\n    version: 0.1.0\n    repository: file://${up(join(outside, 'chart'))}\n`, 'web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' }, { path: 'web', renderer: 'helm' });
    refused(result, /web\/Chart\.yaml:7:\d+: dependency repository "file:\/\/[^"]+" leaves the repository and is never rendered/);
  });

  it('ignores "# Source:" lines a template prints that point outside the chart (the FIFO is never opened)', async () => {
    const template = `# Source: web/${up(fifo)}\n${pod('web')}`;
    const result = await render('helm-source', { 'web/Chart.yaml': chart, 'web/templates/pod.yaml': template }, { path: 'web', renderer: 'helm' });
    if ('error' in result) throw new Error(result.error);
    const rendered = result.resources.find((r) => r.object['kind'] === 'Pod');
    expect(rendered).toBeDefined();
    expect(rendered?.sourceOf('/spec/containers/0/image')).toBeUndefined();
  });

  it('a memory bomb (a string doubled towards 512 MiB) is stopped by the memory limit: a render error', async () => {
    const bomb = '{{- $s := "xxxxxxxxxxxxxxxx" }}{{- range until 25 }}{{- $s = print $s $s }}{{- end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  size: "{{ len $s }}"\n';
    const result = await render('helm-memory-bomb', { 'web/Chart.yaml': chart, 'web/templates/bomb.yaml': bomb }, { path: 'web', renderer: 'helm' }, { maxMemoryBytes: 256 * 1048576 });
    refused(result, /helm used more than 256 MiB of memory and was stopped/);
  });

  it('a time bomb (range over 50,000 objects) is stopped by the time limit, and its output by the output limit', async () => {
    const many = '{{- range $i := until 50000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ $i }}\ndata:\n  padding: "{{ repeat 200 "x" }}"\n{{- end }}\n';
    const files = { 'web/Chart.yaml': chart, 'web/templates/many.yaml': many };
    refused(await render('helm-time-bomb', files, { path: 'web', renderer: 'helm' }, { timeoutMs: 300 }), /helm did not finish within 0\.3 s and was stopped/);
    refused(await render('helm-output-bomb', files, { path: 'web', renderer: 'helm' }, { maxOutputBytes: 1048576 }), /helm wrote more than 1048576 bytes of output and was stopped/);
  });
});

describe('the renderers run with an empty environment', () => {
  it('passes nothing of the caller: a fixed PATH, an empty scratch HOME, proxies and git transports closed', () => {
    process.env['PREADMIT_TEST_CREDENTIAL'] = 'ghp_should_never_reach_a_renderer';
    try {
      const env = toolEnv('/tmp/scratch-home', false);
      expect(Object.values(env)).not.toContain('ghp_should_never_reach_a_renderer');
      expect(env['PATH']).toBe(TOOL_PATH);
      expect(env['HOME']).toBe('/tmp/scratch-home');
      expect(env['HTTPS_PROXY']).toBe('http://127.0.0.1:9');
      expect(env['GIT_ALLOW_PROTOCOL']).toBe('none');
      expect(env['GIT_SSH_COMMAND']).toBe('/bin/false');
      expect(Object.keys(env).filter((k) => /TOKEN|SECRET|KEY|PASSWORD|GITHUB|AWS|GOOGLE/i.test(k))).toEqual([]);
    } finally {
      delete process.env['PREADMIT_TEST_CREDENTIAL'];
    }
  });
});
