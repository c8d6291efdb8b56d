import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTar } from 'nanotar';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { find, resourcesOf } from './render-test-helpers.ts';

const tree = mkdtempSync(join(tmpdir(), 'preadmit-helm-archive-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const SUB_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
      - name: web
        image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        imagePullPolicy: Always
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
`;

/** A parent chart that vendors its dependency as an archive (helm dependency build), under an alias. */
function writeCharts(): void {
  mkdirSync(join(tree, 'shop/charts'), { recursive: true });
  writeFileSync(join(tree, 'shop/Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: web\n    alias: storefront\n    version: 1.0.0\n');
  writeFileSync(join(tree, 'shop/values.yaml'), '# the storefront\nstorefront:\n  replicas: 3\n  resources:\n    limits:\n      memory: 1Gi\n  cache:\n    size: 5\n  image:\n    repository: acme/storefront\n    tag: 2.0.0\n    pullPolicy: IfNotPresent\n');
  const tar = createTar([
    { name: 'web/Chart.yaml', data: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
    { name: 'web/values.yaml', data: 'replicas: 1\nresources: {}\nimage:\n  registry: ghcr.io\n  repository: acme/web\n  tag: 1.0.0\n' },
    { name: 'web/templates/deployment.yaml', data: SUB_TEMPLATE },
    // a subchart of the subchart, inside the same archive
    { name: 'web/charts/cache/Chart.yaml', data: 'apiVersion: v2\nname: cache\nversion: 1.0.0\n' },
    { name: 'web/charts/cache/values.yaml', data: 'size: 1\n' },
    { name: 'web/charts/cache/templates/cm.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cache\ndata:\n  size: {{ .Values.size | quote }}\n' },
  ]);
  writeFileSync(join(tree, 'shop/charts/web-1.0.0.tgz'), gzipSync(tar));
}

describe('helm: a subchart vendored as an archive', () => {
  writeCharts();
  const rendered = renderRoot({ path: 'shop', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
  const at = (resource: ReturnType<typeof find>, pointer: string): string | undefined => {
    const source = resource.sourceOf(pointer);
    return source ? `${source.file}:${source.range.start.line}` : undefined;
  };

  it('maps the fields its templates take from values to the parent values that set them', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    expect(at(deployment, '/spec/replicas')).toBe('shop/values.yaml:3');
    expect(at(deployment, '/spec/template/spec/containers/0/resources/limits/memory')).toBe('shop/values.yaml:6');
    // the subchart's own subchart: its values under both keys
    const cache = find(resourcesOf(await rendered), 'ConfigMap', 'cache');
    expect(cache.object['data']).toEqual({ size: '5' });
    expect(at(cache, '/data/size')).toBe('shop/values.yaml:8');
  });

  it('keeps the subchart\'s place for what its templates write themselves, never a line of the archive', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    expect(at(deployment, '')).toBe('shop/values.yaml:2');
    expect(at(deployment, '/spec/template/spec/containers/0/imagePullPolicy')).toBeUndefined();
    expect(at(deployment, '/metadata/name')).toBeUndefined();
  });

  it('places a string its template composes from values on the values object that gives its parts', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    expect((deployment.object['spec'] as any).template.spec.containers[0].image).toBe('ghcr.io/acme/storefront:2.0.0');
    expect(at(deployment, '/spec/template/spec/containers/0/image')).toBe('shop/values.yaml:9');
  });

  it('writes a fix into the parent values that set the field, and says why it cannot otherwise', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    const operation = deployment.sourceOperation?.({ op: 'replace', path: '/spec/replicas', value: 2 });
    expect(operation).toEqual({ ok: true, value: { file: 'shop/values.yaml', documentIndex: 0, op: { op: 'replace', path: '/storefront/replicas', value: 2 } } });
    const image = deployment.sourceOperation?.({ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'x' });
    expect(image?.ok === false && image.error).toContain('a template of the subchart archive shop/charts/web-1.0.0.tgz writes this');
  });
});
