import { describe, expect, it } from 'vitest';
import { touchesRenderRoots } from './render-change.ts';
import { renderedDiffMarkdown } from './rendered-diff-text.ts';
import { blobsQuery } from './read-files.ts';

describe('touchesRenderRoots', () => {
  const listed = ['base/kustomization.yaml', 'base/deploy.yaml', 'charts/web/Chart.yaml', 'charts/web/templates/d.yaml', 'plain/cm.yaml', 'x.yaml'];
  it('is true for a file under a kustomization or chart directory, or a root file itself', () => {
    expect(touchesRenderRoots(listed, ['base/deploy.yaml'])).toBe(true);
    expect(touchesRenderRoots(listed, ['charts/web/templates/d.yaml'])).toBe(true);
    expect(touchesRenderRoots(listed, ['new/overlay/kustomization.yml'])).toBe(true);
  });
  it('is false for plain manifests elsewhere', () => {
    expect(touchesRenderRoots(listed, ['plain/cm.yaml', 'README.md'])).toBe(false);
    expect(touchesRenderRoots(['kustomization.yaml'], ['anything/at/all.yaml'])).toBe(true);
  });
});

describe('renderedDiffMarkdown', () => {
  it('folds each changed resource with its roots', () => {
    const text = renderedDiffMarkdown(
      [{ change: 'changed', resource: 'Deployment/prod/web', roots: ['overlays/prod'], diff: '--- a\n+++ b\n+  privileged: true\n' }],
      [{ path: 'overlays/prod', renderer: 'kustomize', resources: 1 }],
    );
    expect(text).toContain('`overlays/prod` (kustomize, 1 resources)');
    expect(text).toContain('<details><summary>changed <code>Deployment/prod/web</code> — <code>overlays/prod</code></summary>\n\n```diff\n--- a\n+++ b\n+  privileged: true\n```\n</details>');
  });
  it('says when nothing rendered changes', () => {
    expect(renderedDiffMarkdown([], [])).toContain('do not change');
  });
});

describe('blobsQuery', () => {
  it('asks for one object per expression variable', () => {
    const q = blobsQuery(2);
    expect(q).toContain('$e0: String!, $e1: String!');
    expect(q).toContain('f1: object(expression: $e1) { ... on Blob { text isBinary isTruncated byteSize oid } }');
  });
});
