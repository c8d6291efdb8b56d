import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { at, find, resourcesOf, scratchTree } from './render-test-helpers.ts';

const { dir: tree, write } = scratchTree('preadmit-helm-local-');

// An umbrella chart that takes a shared chart of the repository by file://, which takes another in turn
// (as `helm dependency build` would pack them; nothing is vendored under charts/).
write({
  'apps/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: web\n    version: 1.0.0\n    repository: file://../../charts/web\n',
  'apps/shop/values.yaml': '# the shop\nweb:\n  replicas: 2\n',
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 1.0.0\n    repository: "file://../common"\n',
  'charts/web/values.yaml': 'replicas: 1\nresources: {}\ncommon:\n  greeting: hello\n',
  'charts/web/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-web',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: ghcr.io/acme/web:1.0.0',
    '          {{- with .Values.resources }}',
    '          resources:',
    '            {{- toYaml . | nindent 12 }}',
    '          {{- end }}',
    '',
  ].join('\n'),
  'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
  'charts/common/values.yaml': 'greeting: hi\n',
  'charts/common/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  // a chart whose local dependency fails to render
  'apps/broken/Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 1.0.0\ndependencies:\n  - name: strict\n    version: 1.0.0\n    repository: file://../../charts/strict\n',
  'charts/strict/Chart.yaml': 'apiVersion: v2\nname: strict\nversion: 1.0.0\n',
  'charts/strict/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\ndata:\n  owner: {{ required "set owner" .Values.owner }}\n',
  // two charts that take each other
  'loop/a/Chart.yaml': 'apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies:\n  - name: b\n    version: 1.0.0\n    repository: file://../b\n',
  'loop/a/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'loop/b/Chart.yaml': 'apiVersion: v2\nname: b\nversion: 1.0.0\ndependencies:\n  - name: a\n    version: 1.0.0\n    repository: file://../a\n',
  'loop/b/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
});

describe('helm: dependencies on local charts (repository: file://…)', () => {
  const shop = renderRoot({ path: 'apps/shop', renderer: 'helm' }, tree, { timeoutMs: 60_000 });

  it('renders them, and theirs, as helm dependency build would, without touching the repository', async () => {
    const resources = resourcesOf(await shop);
    expect(find(resources, 'Deployment', 'release-name-web').object['spec']).toMatchObject({ replicas: 2 });
    expect(find(resources, 'ConfigMap', 'common').object['data']).toEqual({ greeting: 'hello' });
    expect(readdirSync(join(tree, 'apps/shop'))).toEqual(['Chart.yaml', 'values.yaml']);
  });

  it('places their fields on the local chart\'s own files, or on the parent values that set them', async () => {
    const resources = resourcesOf(await shop);
    const deployment = find(resources, 'Deployment', 'release-name-web');
    expect(at(deployment, '/spec/replicas')).toBe('apps/shop/values.yaml:3');
    expect(at(deployment, '/spec/template/spec/containers/0/image')).toBe('charts/web/templates/deployment.yaml:11');
    expect(at(find(resources, 'ConfigMap', 'common'), '/metadata/name')).toBe('charts/common/templates/cm.yaml:4');
  });

  it('writes a fix into the local chart\'s values key that renders the field', async () => {
    const deployment = find(resourcesOf(await shop), 'Deployment', 'release-name-web');
    const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
    expect(deployment.sourceOperation?.({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: resources })).toEqual({
      ok: true,
      value: { file: 'charts/web/values.yaml', documentIndex: 0, op: { op: 'replace', path: '/resources', value: resources } },
    });
  });

  it('places a template error of a local chart on its own template line', async () => {
    const result = await renderRoot({ path: 'apps/broken', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
    expect('error' in result && result.error).toMatch(/^charts\/strict\/templates\/cm\.yaml:6:\d+: .*set owner/s);
  });

  it('stops at a chart met twice', async () => {
    const result = await renderRoot({ path: 'loop/a', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
    const names = 'error' in result ? [] : result.resources.map((r) => (r.object['metadata'] as { name: string }).name).sort();
    expect(names).toEqual(['a', 'b']);
  });
});
