import { resolve } from 'node:path';
import { RENDERERS } from './renderers.ts';
import { withTempTree } from './temp-tree.ts';
import type { TempTree } from './temp-tree.ts';
import type { Renderer, RendererName, RenderOptions, RenderResult, RenderRoot } from './types.ts';

/**
 * Render one root of the tree at `treeDir` into the resources that will be
 * applied. The renderer works on a private temporary copy of the tree, so the
 * caller's files are never changed. Failures are values, never exceptions.
 */
export async function renderRoot(
  root: RenderRoot,
  treeDir: string,
  options: RenderOptions = {},
  renderers: Readonly<Record<RendererName, Renderer>> = RENDERERS,
): Promise<RenderResult> {
  const renderer = Object.hasOwn(renderers, root.renderer) ? renderers[root.renderer] : undefined;
  if (!renderer) return { root, error: `unknown renderer "${String(root.renderer)}"` };
  const run = async (temp: TempTree): Promise<RenderResult> => {
    try {
      return await renderer.render(root, temp, options);
    } catch (error) {
      return { root, error: `rendering ${root.path} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  if (!renderer.needsCopy) return run({ tree: resolve(treeDir), home: '' });
  const paths = (await renderer.copyPaths?.(root, treeDir)) ?? options.copyWithin;
  return withTempTree(treeDir, paths, run, (error) => ({ root, error }));
}
