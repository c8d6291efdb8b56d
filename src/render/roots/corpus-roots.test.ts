import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dirTree } from '../../../test/fixtures/roots/dir-tree.ts';
import { affectedRoots } from './affected-roots.ts';
import { documentReader } from './documents.ts';
import { findRoots } from './find-roots.ts';
import { isKubernetesObject } from './kubernetes-object.ts';
import { isManifestExtension } from './paths.ts';
import { indexTree } from './tree-index.ts';

const CORPUS = '/work/shared/corpus/gitops';
const DEMO = `${CORPUS}/GoogleCloudPlatform__microservices-demo`;
const EXAMPLES = `${CORPUS}/kubernetes__examples`;

describe.skipIf(!existsSync(DEMO))('roots of microservices-demo', () => {
  const tree = dirTree(DEMO);
  const roots = findRoots(tree);
  const rendererOf = (path: string): string | undefined => roots.find((r) => r.path === path)?.renderer;

  it('finds the kustomize overlays and the chart', () => {
    expect(rendererOf('kustomize')).toBe('kustomize');
    expect(rendererOf('kubernetes-manifests')).toBe('kustomize');
    expect(rendererOf('helm-chart')).toBe('helm');
    for (const test of ['memorystore', 'service-mesh-istio', 'spanner']) {
      expect(rendererOf(`kustomize/tests/${test}-with-all-components`)).toBe('kustomize');
    }
  });

  it('checks bases, components and listed manifests through their kustomization', () => {
    const paths = new Set(roots.map((r) => r.path));
    expect(paths.has('kustomize/base')).toBe(false);
    expect([...paths].filter((p) => p.startsWith('kustomize/components/'))).toEqual([]);
    expect([...paths].filter((p) => p.startsWith('helm-chart/'))).toEqual([]);
    expect(paths.has('kubernetes-manifests/frontend.yaml')).toBe(false);
    // loadgenerator.yaml is not listed in kubernetes-manifests/kustomization.yaml.
    expect(rendererOf('kubernetes-manifests/loadgenerator.yaml')).toBe('plain');
  });

  it('skips tool and CI configuration', () => {
    const paths = roots.map((r) => r.path);
    expect(paths).not.toContain('skaffold.yaml');
    expect(paths).not.toContain('cloudbuild.yaml');
    expect(paths.filter((p) => p.startsWith('.github/workflows/'))).toEqual([]);
  });

  it('maps changes to the roots that read them', () => {
    const touched = (path: string): string[] => affectedRoots(tree, roots, [path]).map((r) => r.path).sort();
    expect(touched('kustomize/base/frontend.yaml')).toEqual([
      'kustomize',
      'kustomize/tests/memorystore-with-all-components',
      'kustomize/tests/service-mesh-istio-with-all-components',
      'kustomize/tests/spanner-with-all-components',
    ]);
    expect(touched('kustomize/components/spanner/kustomization.yaml')).toEqual(['kustomize/tests/spanner-with-all-components']);
    expect(touched('helm-chart/templates/frontend.yaml')).toEqual(['helm-chart']);
    expect(touched('kubernetes-manifests/frontend.yaml')).toEqual(['kubernetes-manifests']);
    expect(touched('src/frontend/main.go')).toEqual([]);
  });
});

describe.skipIf(!existsSync(EXAMPLES))('roots of kubernetes/examples', () => {
  const tree = dirTree(EXAMPLES);
  const roots = findRoots(tree);

  it('makes every file holding a Kubernetes object a plain root', () => {
    const index = indexTree(tree);
    const read = documentReader(index);
    const manifests = tree.paths.filter((p) => isManifestExtension(p) && (read(p)?.objects.some(isKubernetesObject) ?? false));
    expect(manifests.length).toBeGreaterThan(200);
    expect(roots.every((r) => r.renderer === 'plain')).toBe(true);
    expect(roots.map((r) => r.path).sort()).toEqual([...manifests].sort());
  });

  it('affects exactly the changed manifest', () => {
    const first = roots[0];
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(affectedRoots(tree, roots, [first.path, 'README.md'])).toEqual([first]);
  });
});
