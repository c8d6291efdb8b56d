import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepEqual, fromPointer, getAtPointer } from '../src/core/json.ts';
import type { JsonValue } from '../src/core/json.ts';
import { renderRoot } from '../src/render/render-root.ts';
import { runTool } from '../src/render/run-tool.ts';
import { toolEnv } from '../src/render/tool-env.ts';
import { resolveHelm, resolveKustomize } from '../src/render/tools.ts';
import type { RenderedResource, RenderRoot } from '../src/render/types.ts';
import { objectsOf, resourceSet, resourcesOf } from './render-test-helpers.ts';

const REPO = '/work/shared/corpus/gitops/GoogleCloudPlatform__microservices-demo';

let home = '';
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'preadmit-corpus-home-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** What the tool itself prints for the root, run directly on the (read-only) tree. */
async function direct(root: RenderRoot, tree: string): Promise<JsonValue[]> {
  const tool = root.renderer === 'helm' ? await resolveHelm() : await resolveKustomize();
  if (!tool.ok) throw new Error(tool.error);
  const args = root.renderer === 'helm' ? ['template', 'release-name', root.path] : [...tool.value.baseArgs, root.path];
  const run = await runTool(tool.value.command, args, { cwd: tree, env: toolEnv(home, false) });
  if ('error' in run) throw new Error(run.error);
  return objectsOf(run.stdout);
}

/**
 * Every named field of every resource should map to a line of a file in the
 * tree: counts the fields, those without a source, and those whose line shows
 * the field's key (or is a values-file or kustomization line).
 */
function mappedShare(tree: string, resources: readonly RenderedResource[]): { fields: number; unmapped: number; keyed: number } {
  let fields = 0;
  let unmapped = 0;
  let keyed = 0;
  const texts = new Map<string, string[]>();
  for (const resource of resources) {
    for (const pointer of resource.origin.ranges.keys()) {
      const last = fromPointer(pointer).pop();
      if (last === undefined || /^\d+$/.test(last) || getAtPointer(resource.object, pointer) === undefined) continue;
      fields++;
      const source = resource.sourceOf(pointer);
      if (!source) {
        unmapped++;
        continue;
      }
      if (!texts.has(source.file)) texts.set(source.file, readFileSync(join(tree, source.file), 'utf8').split('\n'));
      const line = texts.get(source.file)?.[source.range.start.line - 1] ?? '';
      // The field's key, or a values-file line (Helm) or a transformer entry of a kustomization (images, namespace …).
      if (line.includes(last) || /(^|\/)(values[^/]*\.yaml|kustomization\.ya?ml)$/.test(source.file)) keyed++;
    }
  }
  return { fields, unmapped, keyed };
}

describe.skipIf(!existsSync(REPO))('corpus: GoogleCloudPlatform/microservices-demo', () => {
  it('kustomize roots render the same resources as the tool run directly, and every field maps to a source line', async () => {
    const tests = await readdir(join(REPO, 'kustomize', 'tests'), { withFileTypes: true });
    const roots = ['kustomize', ...tests.filter((d) => d.isDirectory()).map((d) => `kustomize/tests/${d.name}`)];
    for (const path of roots) {
      const root: RenderRoot = { path, renderer: 'kustomize' };
      const resources = resourcesOf(await renderRoot(root, REPO));
      const expected = await direct(root, REPO);
      expect(resourceSet(resources.map((r) => r.object)), path).toEqual(resourceSet(expected));
      expect(resources.every((r, i) => deepEqual(r.object, expected[i])), `${path}: objects as kustomize prints them`).toBe(true);
      const share = mappedShare(REPO, resources);
      expect(share.unmapped, path).toBe(0);
      expect(share.keyed, path).toBe(share.fields);
    }
  });

  describe('each component over the base', () => {
    let tree = '';
    beforeAll(async () => {
      tree = await mkdtemp(join(tmpdir(), 'preadmit-corpus-components-'));
      await cp(join(REPO, 'kustomize'), tree, { recursive: true });
    });
    afterAll(async () => {
      await rm(tree, { recursive: true, force: true });
    });

    it('renders the same resources as the tool run directly', async () => {
      const components = (await readdir(join(tree, 'components'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
      expect(components.length).toBeGreaterThan(0);
      for (const component of components) {
        await writeFile(join(tree, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- base\ncomponents:\n- components/${component}\n`);
        const root: RenderRoot = { path: '.', renderer: 'kustomize' };
        const resources = resourcesOf(await renderRoot(root, tree));
        const expected = await direct(root, tree);
        expect(resourceSet(resources.map((r) => r.object)), component).toEqual(resourceSet(expected));
        const share = mappedShare(tree, resources);
        expect(share.unmapped, component).toBe(0);
        expect(share.keyed, component).toBe(share.fields);
      }
    });
  });

  it('the Helm chart renders the same resources as helm template, and every field maps to a source line', async () => {
    const root: RenderRoot = { path: 'helm-chart', renderer: 'helm' };
    const resources = resourcesOf(await renderRoot(root, REPO));
    const expected = await direct(root, REPO);
    expect(resourceSet(resources.map((r) => r.object))).toEqual(resourceSet(expected));
    const share = mappedShare(REPO, resources);
    expect(share.unmapped).toBe(0);
    expect(share.keyed).toBe(share.fields);
  });
});
