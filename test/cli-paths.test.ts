/** Where `preadmit check` looks: the repository of the paths, its configuration, and what it cannot read. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';
import { copyOutside, ROOT } from './helpers/packed.ts';

interface JsonFinding {
  file: string;
  line: number;
  policy: string;
  rule: string;
  message: string;
}

async function check(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['check', ...args], { stdout: (t) => (out += t + '\n'), stderr: (t) => (err += t + '\n'), cwd });
  return { code, out, err };
}

const findingsOf = (out: string): JsonFinding[] => (JSON.parse(out) as { findings: JsonFinding[] }).findings;

function writeTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-paths-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';

describe('check from inside a repository', () => {
  const demo = copyOutside(join(ROOT, 'examples', 'demo-repo'), 'demo');

  it('checks a subdirectory with the repository’s .github/preadmit.yml, paths relative to the repository', async () => {
    const { out } = await check(['.', '--format', 'json'], join(demo, 'apps', 'web'));
    const findings = findingsOf(out);
    expect(new Set(findings.map((f) => f.file))).toEqual(new Set(['apps/web/deployment.yaml', 'apps/web/service.yaml']));
    const registries = findings.find((f) => f.policy === 'allowed-registries');
    expect(registries?.message).toContain('(ghcr.io/acme-shop/*, registry.k8s.io/*)');
  });

  it('checks a named file with its own repository’s configuration, not the one where the command runs', async () => {
    const elsewhere = writeTree({ '.github/preadmit.yml': 'allowedRegistries: [docker.io/*]\n' });
    const { out } = await check([join(demo, 'apps', 'web', 'deployment.yaml'), '--format', 'json'], elsewhere);
    const findings = findingsOf(out);
    expect(findings.every((f) => f.file === 'apps/web/deployment.yaml')).toBe(true);
    expect(findings.find((f) => f.policy === 'allowed-registries')?.message).toContain('ghcr.io/acme-shop/*');
  });

  it('reports paths relative to the git top level in JSON and SARIF, from any directory', async () => {
    const repo = writeTree({ 'deploy/web/pod.yaml': POD });
    execFileSync('git', ['init', '-q', repo]);
    const json = await check(['.', '--format', 'json'], join(repo, 'deploy', 'web'));
    expect(new Set(findingsOf(json.out).map((f) => f.file))).toEqual(new Set(['deploy/web/pod.yaml']));
    const sarif = await check(['web', '--format', 'sarif'], join(repo, 'deploy'));
    const uris = (JSON.parse(sarif.out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results.map(
      (r) => r.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris?.length).toBeGreaterThan(0);
    expect(new Set(uris)).toEqual(new Set(['deploy/web/pod.yaml']));
  });
});

describe('check says what it could not read or did not find', () => {
  const binary = Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]);
  const huge = 'a: ' + 'x'.repeat(10 * 1024 * 1024 + 10) + '\n';

  it.each([[[] as string[]], [['--no-render']]])('reports a binary and an oversize .yaml in a checked directory (%j)', async (extra) => {
    const dir = writeTree({ 'apps/pod.yaml': POD, 'apps/blob.yaml': binary, 'apps/dump.yaml': huge });
    const { code, out } = await check(['apps', '--no-builtin', '--policies', join(ROOT, 'test', 'fixtures', 'cli', 'policies'), '--format', 'json', ...extra], dir);
    expect(code).toBe(1);
    const invalid = findingsOf(out).filter((f) => f.rule === 'invalid-manifest');
    expect(invalid.map((f) => f.file).sort()).toEqual(['apps/blob.yaml', 'apps/dump.yaml']);
    expect(invalid.find((f) => f.file === 'apps/blob.yaml')?.message).toMatch(/NUL bytes/);
    expect(invalid.find((f) => f.file === 'apps/dump.yaml')?.message).toMatch(/over the 10(\.0)? MiB limit/);
  });

  it('warns (exit 0) when a path holds no Kubernetes manifests', async () => {
    const dir = writeTree({ 'docs/README.md': '# notes\n', 'config.yaml': 'name: not-a-manifest\n' });
    for (const path of ['docs', 'config.yaml']) {
      const { code, err } = await check([path], dir);
      expect(code).toBe(0);
      expect(err).toContain(`warning: ${path} holds no Kubernetes manifests`);
    }
    const noRender = await check(['docs', '--no-render'], dir);
    expect(noRender.code).toBe(0);
    expect(noRender.err).toContain('warning: docs holds no Kubernetes manifests');
  });

  it('--no-render leaves Helm chart templates out with a note instead of an invalid manifest each', async () => {
    const dir = writeTree({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/values.yaml': 'image: nginx\n',
      'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n',
      'plain/pod.yaml': POD,
    });
    const { out, err } = await check(['.', '--no-render', '--format', 'json'], dir);
    const findings = findingsOf(out);
    expect(findings.filter((f) => f.rule === 'invalid-manifest')).toEqual([]);
    expect(findings.some((f) => f.file === 'plain/pod.yaml')).toBe(true);
    expect(err).toContain('note: --no-render leaves out the Helm chart charts/web');
  });
});

describe('check outside any repository', () => {
  const files = {
    'proj/base/kustomization.yaml': 'resources: [pod.yaml]\n',
    'proj/base/pod.yaml': POD,
    'proj/envs/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\n',
    'other/overlay/kustomization.yaml': 'resources: [../../proj/base]\nnamePrefix: other-\n',
  };
  const rootsOf = (out: string): string[] => (JSON.parse(out) as { roots: { path: string }[] }).roots.map((r) => r.path).sort();

  it('looks for roots only near the checked paths, not in the whole directory it runs in', async () => {
    const dir = writeTree(files);
    const { out } = await check(['proj/base', '--format', 'json'], dir);
    expect(rootsOf(out)).toEqual(['proj/base']);
    // in a repository, the overlays elsewhere that use the base are what checks it
    execFileSync('git', ['init', '-q', dir]);
    expect(rootsOf((await check(['proj/base', '--format', 'json'], dir)).out)).toEqual(['other/overlay', 'proj/envs/prod']);
  });

  it('still renders a checked overlay with its base elsewhere, and places findings on the base’s lines', async () => {
    const dir = writeTree(files);
    const { code, out } = await check(['proj/envs/prod', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(rootsOf(out)).toEqual(['proj/envs/prod']);
    const privileged = findingsOf(out).find((f) => f.policy === 'pod-security-baseline');
    expect(privileged).toMatchObject({ file: 'proj/base/pod.yaml', line: 10 });
  });

  it('renders an overlay whose base is reached through a symbolic link', async () => {
    const dir = writeTree({ ...files, 'proj/envs/prod/kustomization.yaml': 'resources: [../../base-link]\n' });
    symlinkSync('base', join(dir, 'proj/base-link'));
    const { out } = await check(['proj/envs/prod', '--format', 'json'], dir);
    expect(rootsOf(out)).toEqual(['proj/envs/prod']);
    expect(findingsOf(out).find((f) => f.policy === 'pod-security-baseline')).toMatchObject({ file: 'proj/base-link/pod.yaml', line: 10 });
  });
});
