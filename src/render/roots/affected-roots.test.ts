import { describe, expect, it } from 'vitest';
import { dirTree, memoryTree } from '../../../test/fixtures/roots/dir-tree.ts';
import { affectedRoots } from './affected-roots.ts';
import { findRoots } from './find-roots.ts';
import type { FoundRoot } from './types.ts';

const FIXTURE = new URL('../../../test/fixtures/roots/gitops-tree', import.meta.url).pathname;
const tree = dirTree(FIXTURE);
const roots = findRoots(tree);
const label = (r: FoundRoot): string => r.name ?? r.path + (r.valuesFiles ? ` + ${r.valuesFiles.join(',')}` : '');
const affected = (...changed: string[]): string[] => affectedRoots(tree, roots, changed).map(label).sort();

describe('affectedRoots on the fixture tree', () => {
  it('a base file affects every overlay that reaches it', () => {
    expect(affected('apps/base/deployment.yaml')).toEqual(['Kustomization/apps-staging', 'apps/overlays/production']);
  });

  it('a changed base kustomization or generator input affects every overlay', () => {
    expect(affected('apps/base/kustomization.yaml')).toEqual(['Kustomization/apps-staging', 'apps/overlays/production']);
    expect(affected('apps/base/settings.properties')).toEqual(['Kustomization/apps-staging', 'apps/overlays/production']);
  });

  it('component files, patches and crds affect only the overlays that use them', () => {
    expect(affected('apps/components/monitoring/metrics-port.yaml')).toEqual(['apps/overlays/production']);
    expect(affected('apps/components/monitoring/kustomization.yaml')).toEqual(['apps/overlays/production']);
    expect(affected('apps/overlays/production/crds/widget.yaml')).toEqual(['apps/overlays/production']);
    expect(affected('apps/overlays/staging/replicas.yaml')).toEqual(['Kustomization/apps-staging']);
  });

  it('a file beside an overlay that it does not reference affects only itself', () => {
    expect(affected('apps/overlays/staging/debug-pod.yaml')).toEqual(['apps/overlays/staging/debug-pod.yaml']);
  });

  it('chart templates, subcharts and values affect every root of the chart', () => {
    const all = ['Application/web-production', 'HelmRelease/web', 'charts/web'];
    expect(affected('charts/web/templates/deployment.yaml')).toEqual(all);
    expect(affected('charts/web/charts/cache/templates/statefulset.yaml')).toEqual(all);
    expect(affected('charts/web/Chart.yaml')).toEqual(all);
    expect(affected('charts/web/values-production.yaml')).toEqual(all);
  });

  it('values outside the chart and the declaring object affect their own root', () => {
    expect(affected('flux/releases/web-values.yaml')).toEqual(['HelmRelease/web', 'flux/releases']);
    expect(affected('argocd/web-production.yaml')).toEqual(['Application/web-production', 'argocd/web-production.yaml']);
    expect(affected('flux/apps-staging.yaml')).toEqual(['Kustomization/apps-staging', 'flux/apps-staging.yaml']);
  });

  it('files no build reads affect nothing', () => {
    expect(affected('README.md', 'skaffold.yaml', '.github/workflows/ci.yml', 'data/catalog.json')).toEqual([]);
    expect(affected()).toEqual([]);
  });
});

describe('affectedRoots with deletions', () => {
  const base = memoryTree({
    'base/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
    'base/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    'base/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
    'overlay/kustomization.yaml': 'resources: [../base]\n',
  });

  it('a deleted file still referenced affects the roots that read it', () => {
    const head = memoryTree({
      'base/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
      'base/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      'overlay/kustomization.yaml': 'resources: [../base]\n',
    });
    expect(affectedRoots(head, findRoots(head), ['./base/b.yaml']).map((r) => r.path)).toEqual(['overlay']);
    expect(affectedRoots(base, findRoots(base), ['base/b.yaml']).map((r) => r.path)).toEqual(['overlay']);
  });

  it('adding a kustomization to a directory an overlay names affects the overlay', () => {
    const head = memoryTree({ 'overlay/kustomization.yaml': 'resources: [../base]\n', 'base/a.yaml': 'kind: x\n' });
    expect(affectedRoots(head, findRoots(head), ['base/kustomization.yaml']).map((r) => r.path)).toEqual(['overlay']);
  });

  it('a helm root follows file:// dependencies', () => {
    const t = memoryTree({
      'common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
      'common/templates/_helpers.tpl': '{{- define "x" -}}{{- end -}}\n',
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    repository: "file://../common"\n',
    });
    // the dependency is deployed on its own too, so it is a root of its own as well
    expect(affectedRoots(t, findRoots(t), ['common/templates/_helpers.tpl']).map((r) => r.path).sort()).toEqual(['app', 'common']);
  });

  it('a helm root follows file:// dependencies listed in requirements.yaml, as helm reads them', () => {
    const t = memoryTree({
      'common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
      'common/values.yaml': 'a: 1\n',
      'v1/Chart.yaml': 'apiVersion: v1\nname: v1\nversion: 1.0.0\n',
      'v1/requirements.yaml': 'dependencies:\n  - name: common\n    repository: file://../common\n',
      'v2/Chart.yaml': 'apiVersion: v2\nname: v2\nversion: 1.0.0\n',
      'v2/requirements.yaml': 'dependencies:\n  - name: common\n    repository: file://../common\n',
      'other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\n',
    });
    expect(affectedRoots(t, findRoots(t), ['common/values.yaml']).map((r) => r.path).sort()).toEqual(['common', 'v1', 'v2']);
  });
});
