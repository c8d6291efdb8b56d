import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import { memoryTree } from '../../../test/fixtures/roots/dir-tree.ts';
import { findRoots } from './find-roots.ts';
import { isOwnSource, normaliseGitUrl } from './flux-sources.ts';

const fluxKustomization = (name: string, sourceKind: string, sourceName: string, path = './'): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: ${sourceKind}\n    name: ${sourceName}\n`;
const gitRepository = (name: string, url: string): string =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  url: ${url}\n  ref: {branch: main}\n`;
const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('Flux Kustomizations and their sources', () => {
  const tree = memoryTree({
    'clusters/prod/sources.yaml': `${gitRepository('platform', 'https://github.com/acme/platform')}---\n${gitRepository('self', 'git@github.com:acme/shop.git')}`,
    'clusters/prod/oci.yaml': fluxKustomization('vendor', 'OCIRepository', 'vendor-manifests'),
    'clusters/prod/platform.yaml': fluxKustomization('platform', 'GitRepository', 'platform'),
    'clusters/prod/apps.yaml': fluxKustomization('apps', 'GitRepository', 'self', './apps'),
    'apps/kustomization.yaml': 'resources: [cm.yaml]\n',
    'apps/cm.yaml': CM('a'),
    'apps/patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {x: "1"}\n',
  });
  const named = (urls: string[]) =>
    findRoots(tree, DEFAULT_CONFIG, { urls })
      .filter((r) => r.name !== undefined)
      .map((r) => `${r.name} ${r.path}`);

  it('maps only the Kustomization whose source is this repository to local paths', () => {
    expect(named(['https://github.com/acme/shop.git'])).toEqual(['Kustomization/apps apps']);
  });

  it('never maps an OCIRepository (or Bucket) source to this tree, even when the URLs are unknown', () => {
    const roots = named([]);
    expect(roots.filter((r) => r.startsWith('Kustomization/vendor'))).toEqual([]);
    // without the repository's URLs a GitRepository is taken to be this one, as before
    expect(roots).toContain('Kustomization/apps apps');
  });

  it('compares https, ssh and scp-like URLs of one repository as equal', () => {
    expect(normaliseGitUrl('git@github.com:acme/shop.git')).toBe('github.com/acme/shop');
    expect(normaliseGitUrl('https://github.com/Acme/shop/')).toBe('github.com/acme/shop');
    expect(normaliseGitUrl('ssh://git@github.com:22/acme/shop.git')).toBe('github.com/acme/shop');
    expect(isOwnSource({ kind: 'GitRepository', name: 'flux-system' }, 'flux-system', new Map([['flux-system/flux-system', 'https://elsewhere/x']]), { urls: ['https://github.com/acme/shop'] })).toBe(true);
    expect(isOwnSource({ kind: 'Bucket', name: 'b' }, undefined, new Map(), {})).toBe(false);
  });
});
