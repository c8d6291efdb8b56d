import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import type { RootsSettings } from '../../config/types.ts';
import { dirTree, memoryTree } from '../../../test/fixtures/roots/dir-tree.ts';
import { findRoots } from './find-roots.ts';
import type { FoundRoot } from './types.ts';

const FIXTURE = new URL('../../../test/fixtures/roots/gitops-tree', import.meta.url).pathname;

const summary = (roots: FoundRoot[]): string[] =>
  roots.map((r) => [r.renderer, r.path, r.name ?? '-', (r.valuesFiles ?? []).join(',') || '-'].join(' '));

const withRoots = (roots: Partial<RootsSettings>) => ({ ...DEFAULT_CONFIG, roots: { ...DEFAULT_CONFIG.roots, ...roots } });

const K = (resources: string[], extra = ''): string =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}${extra}`;
const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('findRoots on the fixture tree', () => {
  const roots = findRoots(dirTree(FIXTURE));

  it('finds overlays, charts, plain files and object-declared roots, and nothing else', () => {
    expect(summary(roots)).toEqual([
      'kustomize apps/overlays/production - -',
      'kustomize apps/overlays/staging Kustomization/apps-staging -',
      'plain apps/overlays/staging/debug-pod.yaml - -',
      'plain argocd/elsewhere.yaml - -',
      'plain argocd/web-production.yaml - -',
      'plain broken/config.yaml - -',
      'helm charts/web - -',
      'helm charts/web Application/web-production charts/web/values-production.yaml',
      'helm charts/web HelmRelease/web flux/releases/web-values.yaml',
      'plain flux/apps-staging.yaml - -',
      'kustomize flux/releases - -',
      'plain standalone/namespace.yaml - -',
      'plain standalone/quota.yaml - -',
    ]);
  });

  it('keeps the file that declared an Argo CD or Flux root', () => {
    expect(roots.find((r) => r.name === 'Application/web-production')?.definedIn).toBe('argocd/web-production.yaml');
    expect(roots.find((r) => r.name === 'HelmRelease/web')?.definedIn).toBe('flux/releases/web-release.yaml');
  });

  it('checks bases, components, patches, crds and subcharts through what includes them', () => {
    const paths = roots.map((r) => r.path);
    for (const path of [
      'apps/base',
      'apps/base/deployment.yaml',
      'apps/components/monitoring',
      'apps/components/monitoring/podmonitor.yaml',
      'apps/overlays/staging/replicas.yaml',
      'apps/overlays/production/crds/widget.yaml',
      'charts/web/charts/cache',
      'charts/web/templates/deployment.yaml',
      'flux/releases/web-release.yaml',
    ]) {
      expect(paths).not.toContain(path);
    }
  });

  it('skips tool configs, CI files, policies and non-objects', () => {
    const paths = roots.map((r) => r.path);
    for (const path of ['skaffold.yaml', '.github/workflows/ci.yml', '.github/preadmit.yml', 'policies/security/require-team/policy.yaml', 'data/catalog.json']) {
      expect(paths).not.toContain(path);
    }
  });

  it('names a chart variant per values-<env>.yaml when no object declares it', () => {
    const tree = memoryTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/values.yaml': 'a: 1\n',
      'chart/values-staging.yaml': 'a: 2\n',
      'chart/values.prod.yml': 'a: 3\n',
      'chart/values.schema.json': '{}',
    });
    expect(summary(findRoots(tree))).toEqual([
      'helm chart - -',
      'helm chart api:prod chart/values.prod.yml',
      'helm chart api:staging chart/values-staging.yaml',
    ]);
  });
});

describe('findRoots rules', () => {
  it('checks kustomize bases on their own only when asked', () => {
    const tree = memoryTree({
      'base/kustomization.yaml': K(['cm.yaml']),
      'base/cm.yaml': CM('a'),
      'overlay/kustomization.yaml': K(['../base']),
    });
    expect(findRoots(tree).map((r) => r.path)).toEqual(['overlay']);
    expect(findRoots(tree, withRoots({ kustomizeBases: true })).map((r) => r.path)).toEqual(['base', 'overlay']);
  });

  it('reads Kustomization and kustomization.yml, and a kustomization at the repository root', () => {
    const tree = memoryTree({
      'Kustomization': K(['a/kustomization-dir']),
      'a/kustomization-dir/kustomization.yml': K(['cm.yaml']),
      'a/kustomization-dir/cm.yaml': CM('a'),
      'lonely.yaml': CM('b'),
    });
    expect(summary(findRoots(tree))).toEqual(['kustomize . - -', 'plain lonely.yaml - -']);
  });

  it('roots a file:// dependency on its own, but not library charts or charts inflated by a kustomization', () => {
    const tree = memoryTree({
      'lib/Chart.yaml': 'apiVersion: v2\nname: lib\ntype: library\nversion: 1.0.0\n',
      'common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    repository: file://../common\n',
      'k/kustomization.yaml': K([], 'helmCharts:\n  - name: vendored\n    valuesFile: vendored-values.yaml\n'),
      'k/charts/vendored/Chart.yaml': 'apiVersion: v2\nname: vendored\nversion: 1.0.0\n',
    });
    expect(summary(findRoots(tree))).toEqual(['helm app - -', 'helm common - -', 'kustomize k - -']);
  });

  it('applies include/exclude globs to roots, but keeps configured named roots', () => {
    const tree = memoryTree({
      'prod/a.yaml': CM('a'),
      'dev/b.yaml': CM('b'),
      'dev/app/kustomization.yaml': K(['c.yaml']),
      'dev/app/c.yaml': CM('c'),
    });
    const config = withRoots({
      include: ['prod/**', 'dev/**'],
      exclude: ['dev/**'],
      named: [
        { name: 'dev-app', path: './dev/app' },
        { name: 'prod-files', path: 'prod', renderer: 'plain' },
      ],
    });
    expect(summary(findRoots(tree, config))).toEqual(['kustomize dev/app dev-app -', 'plain prod/a.yaml prod-files -']);
  });

  it('leaves Kyverno test folders and policy folders out by default', () => {
    const tree = memoryTree({
      'checks/.kyverno-test/resource.yaml': CM('fixture'),
      'platform/policies/p.yaml': 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\n',
      'app.yaml': CM('app'),
    });
    expect(findRoots(tree).map((r) => r.path)).toEqual(['app.yaml', 'platform/policies/p.yaml']);
    const config = { ...DEFAULT_CONFIG, policies: { ...DEFAULT_CONFIG.policies, paths: ['./platform/policies/'] } };
    expect(findRoots(tree, config).map((r) => r.path)).toEqual(['app.yaml']);
  });

  it('renders configured charts with exactly the configured values files', () => {
    const tree = memoryTree({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'c/values-dev.yaml': 'x: 1\n',
      'envs/prod.yaml': 'x: 2\n',
    });
    const config = withRoots({ charts: { c: { valuesFiles: ['envs/prod.yaml'] } } });
    expect(summary(findRoots(tree, config))).toEqual(['helm c - envs/prod.yaml']);
  });

  it('reads Argo CD multi-source applications, $ref values and skips repository charts', () => {
    const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: multi}
spec:
  sources:
    - repoURL: https://charts.example.org
      chart: redis
      targetRevision: 1.0.0
    - repoURL: https://github.com/example/gitops.git
      path: charts/api
      helm:
        valueFiles: [values-eu.yaml, $values/envs/eu/api.yaml]
    - repoURL: https://github.com/example/gitops.git
      path: plain/
    - repoURL: https://github.com/example/gitops.git
      ref: values
`;
    const tree = memoryTree({
      'apps/multi.yaml': app,
      'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'envs/eu/api.yaml': 'x: 1\n',
      'plain/a.yaml': CM('a'),
    });
    const roots = findRoots(tree).filter((r) => r.definedIn !== undefined);
    expect(summary(roots)).toEqual([
      'helm charts/api Application/multi#1 charts/api/values-eu.yaml,envs/eu/api.yaml',
      'plain plain/a.yaml Application/multi#2 -',
    ]);
  });

  it('expands a plain directory target into its manifests: Flux below it, Argo CD only in it unless recurse', () => {
    const object = (kind: string, spec: string): string =>
      kind === 'Application'
        ? `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: app}\nspec:\n  source:\n${spec}`
        : `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ks}\nspec:\n${spec}`;
    const files = {
      'deploy/a.yaml': CM('a'),
      'deploy/nested/b.yaml': CM('b'),
      'deploy/notes.yaml': 'title: not an object\n',
    };
    const declared = (extra: Record<string, string>): string[] =>
      summary(findRoots(memoryTree({ ...files, ...extra })).filter((r) => r.definedIn !== undefined));
    expect(declared({ 'ks.yaml': object('Kustomization', '  path: ./deploy\n') })).toEqual([
      'plain deploy/a.yaml Kustomization/ks -',
      'plain deploy/nested/b.yaml Kustomization/ks -',
    ]);
    expect(declared({ 'app.yaml': object('Application', '    path: deploy\n') })).toEqual(['plain deploy/a.yaml Application/app -']);
    expect(declared({ 'app.yaml': object('Application', '    path: deploy\n    directory: {recurse: true}\n') })).toEqual([
      'plain deploy/a.yaml Application/app -',
      'plain deploy/nested/b.yaml Application/app -',
    ]);
  });

  it('a Flux directory target below which a kustomization lives: that kustomization, not its files or patches (as kustomize-controller generates it)', () => {
    const tree = memoryTree({
      'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ks}\nspec:\n  path: ./deploy\n',
      'deploy/a.yaml': CM('a'),
      'deploy/app/kustomization.yaml': K(['cm.yaml'], 'patches:\n  - path: patch.yaml\n'),
      'deploy/app/cm.yaml': CM('app'),
      'deploy/app/patch.yaml': CM('app'),
      'deploy/app/unused.yaml': CM('unused'),
      'deploy/app/nested/deeper.yaml': CM('deeper'),
      'deploy/shared/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - x.yaml\n',
      'deploy/shared/x.yaml': CM('x'),
    });
    expect(summary(findRoots(tree).filter((r) => r.definedIn !== undefined))).toEqual([
      'plain deploy/a.yaml Kustomization/ks -',
      'kustomize deploy/app Kustomization/ks -',
    ]);
  });

  it('ignores remote resources and survives kustomization cycles and broken YAML', () => {
    const tree = memoryTree({
      'a/kustomization.yaml': K(['../b', 'github.com/example/repo/deploy?ref=main']),
      'b/kustomization.yaml': K(['../a']),
      'c/kustomization.yaml': 'resources: [unclosed\n',
    });
    expect(summary(findRoots(tree))).toEqual(['kustomize c - -']);
  });
});
