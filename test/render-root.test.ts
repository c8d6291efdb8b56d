import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERERS } from '../src/render/renderers.ts';
import { renderRoot } from '../src/render/render-root.ts';
import type { Renderer, RendererName, RenderRoot } from '../src/render/types.ts';
import { at, resourcesOf } from './render-test-helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'render');

/** One fixture root per renderer: the test below fails when a renderer is added without one. */
const SAMPLES: Record<RendererName, { tree: string; root: RenderRoot; kinds: string[] }> = {
  plain: { tree: join(FIXTURES, 'plain'), root: { path: 'pod.yaml', renderer: 'plain' }, kinds: ['Pod'] },
  kustomize: { tree: join(FIXTURES, 'kustomize-overlay'), root: { path: 'base', renderer: 'kustomize' }, kinds: ['Deployment', 'Service'] },
  helm: { tree: join(FIXTURES, 'chart-basic'), root: { path: '.', renderer: 'helm' }, kinds: ['Deployment', 'Service'] },
};

describe('renderer registry', () => {
  it('has a sample for every entry and every sample has an entry', () => {
    expect(Object.keys(RENDERERS).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const name of Object.keys(RENDERERS) as RendererName[]) {
    it(`${name}: renders its sample with a source for every resource`, async () => {
      const sample = SAMPLES[name];
      const result = await renderRoot(sample.root, sample.tree);
      const resources = resourcesOf(result);
      expect(resources.map((r) => r.object['kind']).sort()).toEqual(sample.kinds);
      for (const resource of resources) {
        expect(resource.root).toBe(sample.root.path);
        expect(resource.sourceOf('/kind')).toBeDefined();
      }
    });
  }

  it('plain: every field maps to the same file', async () => {
    const [pod] = resourcesOf(await renderRoot(SAMPLES.plain.root, SAMPLES.plain.tree));
    expect(pod && at(pod, '/spec/containers/0/image')).toBe('pod.yaml:8');
  });

  it('plain: a missing file is an error value', async () => {
    const result = await renderRoot({ path: 'nope.yaml', renderer: 'plain' }, FIXTURES);
    expect('error' in result && result.error).toMatch(/could not read nope\.yaml/);
  });

  it('an unknown renderer is an error value', async () => {
    const result = await renderRoot({ path: '.', renderer: 'jsonnet' as RendererName }, FIXTURES);
    const inherited = await renderRoot({ path: '.', renderer: 'toString' as RendererName }, FIXTURES);
    expect('error' in inherited && inherited.error).toBe('unknown renderer "toString"');
    expect(result).toEqual({ root: { path: '.', renderer: 'jsonnet' }, error: 'unknown renderer "jsonnet"' });
  });

  it('a renderer that cannot tell what its build reads gets the copyWithin paths copied, else the whole tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preadmit-copy-within-'));
    for (const path of ['app/a.yaml', 'base/b.yaml', 'elsewhere/big.yaml']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), 'kind: ConfigMap\n');
    }
    let copied: string[] = [];
    const unsure: Renderer = {
      needsCopy: true,
      copyPaths: () => undefined,
      render: async (root, temp) => {
        copied = readdirSync(temp.tree, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.yaml')).sort();
        return { root, resources: [] };
      },
    };
    const renderers = { ...RENDERERS, kustomize: unsure };
    await renderRoot({ path: 'app', renderer: 'kustomize' }, dir, { copyWithin: ['app', 'base'] }, renderers);
    expect(copied).toEqual(['app/a.yaml', 'base/b.yaml']);
    await renderRoot({ path: 'app', renderer: 'kustomize' }, dir, {}, renderers);
    expect(copied).toEqual(['app/a.yaml', 'base/b.yaml', 'elsewhere/big.yaml']);
    rmSync(dir, { recursive: true, force: true });
  });
});
