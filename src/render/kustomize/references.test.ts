import { describe, expect, it } from 'vitest';
import { isInlineEntry, isUrlLike, outsideTree, readsHost } from './references.ts';

describe('kustomize references', () => {
  it('recognises every remote form kustomize (go-getter) accepts, and file ones that read the host', () => {
    for (const remote of ['git::file:///srv/repo', 'git::ssh://git@host/org/repo', 'https://example.com/x.yaml', 'ssh://host/repo', 'git@github.com:org/repo.git', 'github.com/org/repo//base?ref=v1', 's3::https://bucket/x', 'file:///etc/passwd']) {
      expect(isUrlLike(remote), remote).toBe(true);
    }
    for (const local of ['base', '../base', 'deployment.yaml', './overlays/prod', '../../..']) expect(isUrlLike(local), local).toBe(false);
    expect(readsHost('git::file:///srv/repo')).toBe(true);
    expect(readsHost('file:///etc/passwd')).toBe(true);
    expect(readsHost('git::https://example.com/r')).toBe(false);
  });

  it('finds paths that leave the tree', () => {
    expect(outsideTree('/t/tree', '/t/tree/apps/web', '../../..')).toBe('leaves the repository');
    expect(outsideTree('/t/tree', '/t/tree/apps/web', '/etc')).toBe('leaves the repository');
    expect(outsideTree('/t/tree', '/t/tree/apps/web', '../../base')).toBeUndefined();
  });
});

describe('isInlineEntry', () => {
  it('tells a patch or configuration written in the kustomization from a path', () => {
    expect(isInlineEntry('apiVersion: v1\nkind: ConfigMap\n')).toBe(true);
    expect(isInlineEntry('{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}')).toBe(true);
    expect(isInlineEntry('kind: ConfigMap')).toBe(true);
    expect(isInlineEntry('patches/replicas.yaml')).toBe(false);
    expect(isInlineEntry('../base/kinds.yaml')).toBe(false);
  });
});
