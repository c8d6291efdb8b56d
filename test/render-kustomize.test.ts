import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { at, find, resourcesOf } from './render-test-helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'render');

describe('kustomize: base + overlay with patches', () => {
  const tree = join(FIXTURES, 'kustomize-overlay');
  const rendered = renderRoot({ path: 'overlays/prod', renderer: 'kustomize' }, tree);

  it('renders what kustomize applies, without the origin annotations it added', async () => {
    const resources = resourcesOf(await rendered);
    const deployment = find(resources, 'Deployment', 'prod-web');
    expect(deployment.object['metadata']).toEqual({
      name: 'prod-web',
      namespace: 'shop-prod',
      labels: { app: 'web' },
      annotations: { 'team.example.com/owner': 'payments' },
    });
    expect(deployment.root).toBe('overlays/prod');
    expect(JSON.stringify(resources.map((r) => r.object))).not.toContain('config.kubernetes.io/origin');
  });

  it('maps a field set by a strategic merge patch to the patch line (container matched by name)', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'prod-web');
    const containers = (deployment.object['spec'] as any).template.spec.containers as { name: string }[];
    const app = containers.findIndex((c) => c.name === 'app');
    const shipper = containers.findIndex((c) => c.name === 'log-shipper');
    expect(at(deployment, `/spec/template/spec/containers/${app}/securityContext/privileged`)).toBe('overlays/prod/privileged-app.yaml:12');
    // Not set by the patch: the base file, even though the patch reordered the containers.
    expect(at(deployment, `/spec/template/spec/containers/${app}/securityContext/runAsNonRoot`)).toBe('base/deployment.yaml:26');
    expect(at(deployment, `/spec/template/spec/containers/${shipper}/image`)).toBe('base/deployment.yaml:19');
    expect(at(deployment, `/spec/template/spec/containers/${shipper}/args/2`)).toBe('base/deployment.yaml:20');
  });

  it('maps a JSON 6902 patch, an inline patch and kustomization-level transformers to their lines', async () => {
    const resources = resourcesOf(await rendered);
    const deployment = find(resources, 'Deployment', 'prod-web');
    expect(at(deployment, '/spec/replicas')).toBe('overlays/prod/replicas.yaml:3');
    const containers = (deployment.object['spec'] as any).template.spec.containers as { name: string }[];
    const app = containers.findIndex((c) => c.name === 'app');
    expect(at(deployment, `/spec/template/spec/containers/${app}/image`)).toBe('overlays/prod/kustomization.yaml:24');
    expect(at(deployment, '/metadata/namespace')).toBe('overlays/prod/kustomization.yaml:3');
    expect(at(deployment, '/metadata/name')).toBe('overlays/prod/kustomization.yaml:4');
    expect(at(deployment, '/spec/template/metadata/annotations/team.example.com~1owner')).toBe('overlays/prod/kustomization.yaml:6');
    const service = find(resources, 'Service', 'prod-web');
    expect(at(service, '/spec/type')).toBe('overlays/prod/kustomization.yaml:21');
    // Inside the inline patch's block scalar: the column too.
    expect(service.sourceOf('/spec/type')?.range.start).toEqual({ line: 21, column: 9 });
    expect(at(service, '/spec/ports/0/targetPort')).toBe('base/service.yaml:10');
  });

  it('keeps ranges of the rendered output for the object as returned', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'prod-web');
    expect(deployment.origin.ranges.has('/spec/replicas')).toBe(true);
    expect([...deployment.origin.ranges.keys()].some((p) => p.includes('origin'))).toBe(false);
  });

  it('never edits the caller’s tree', async () => {
    await rendered;
    expect(await readFile(join(tree, 'overlays/prod/kustomization.yaml'), 'utf8')).not.toContain('buildMetadata');
  });
});

describe('kustomize: refusals and failures', () => {
  it('refuses a remote resource in a base before running, with its location', async () => {
    const result = await renderRoot({ path: '.', renderer: 'kustomize' }, join(FIXTURES, 'kustomize-remote'));
    expect('error' in result && result.error).toMatch(/^app\/kustomization\.yaml:5:5: remote resource "https:\/\/github\.com\/example-org/);
  });

  it('reports kustomize’s own error as a value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preadmit-kustomize-test-'));
    try {
      await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
      const result = await renderRoot({ path: '.', renderer: 'kustomize' }, dir);
      expect('error' in result && result.error).toMatch(/missing\.yaml/);
      expect('error' in result && result.error).not.toContain('preadmit-render-');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops a render at the output limit', async () => {
    const result = await renderRoot({ path: 'overlays/prod', renderer: 'kustomize' }, join(FIXTURES, 'kustomize-overlay'), { maxOutputBytes: 100 });
    expect('error' in result && result.error).toMatch(/more than 100 bytes/);
  });

  it('reports a directory without a kustomization', async () => {
    const result = await renderRoot({ path: 'overlays', renderer: 'kustomize' }, join(FIXTURES, 'kustomize-overlay'));
    expect('error' in result && result.error).toMatch(/no kustomization\.yaml/);
  });
});

describe('kustomize: generated resources', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('maps a ConfigMap generator’s output to its entry in the kustomization', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preadmit-kustomize-test-'));
    dirs.push(dir);
    await cp(join(FIXTURES, 'kustomize-overlay'), dir, { recursive: true });
    await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - overlays/prod\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - MODE=fast\n');
    const resources = resourcesOf(await renderRoot({ path: '.', renderer: 'kustomize' }, dir));
    const configMap = resources.find((r) => r.object['kind'] === 'ConfigMap');
    expect(configMap && at(configMap, '/data/MODE')).toBe('kustomization.yaml:4');
    expect(at(find(resources, 'Deployment', 'prod-web'), '/spec/replicas')).toBe('overlays/prod/replicas.yaml:3');
  });
});

describe('kustomize: the private copy', () => {
  it('does not follow a symbolic link out of the tree', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'preadmit-outside-'));
    const dir = await mkdtemp(join(tmpdir(), 'preadmit-kustomize-test-'));
    try {
      await writeFile(join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n');
      await symlink(join(outside, 'secret.yaml'), join(dir, 'secret.yaml'));
      await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - secret.yaml\n');
      const result = await renderRoot({ path: '.', renderer: 'kustomize' }, dir);
      expect('error' in result && result.error).toMatch(/secret\.yaml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('stops a render that passes the timeout', async () => {
    const result = await renderRoot({ path: 'overlays/prod', renderer: 'kustomize' }, join(FIXTURES, 'kustomize-overlay'), { timeoutMs: 1 });
    expect('error' in result && result.error).toMatch(/did not finish within/);
  });
});

describe('kustomize: remote files in other fields', () => {
  it('refuses a patch fetched from a URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preadmit-kustomize-test-'));
    try {
      await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
      await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - cm.yaml\npatches:\n  - path: https://example.com/patch.yaml\n');
      const result = await renderRoot({ path: '.', renderer: 'kustomize' }, dir);
      expect('error' in result && result.error).toMatch(/^kustomization\.yaml:4:5: remote file "https:\/\/example\.com\/patch\.yaml" is not fetched/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
