import { chartWithLocalDependencies } from './helm/local-dependencies.ts';
import { renderHelm } from './helm/render-helm.ts';
import { kustomizeCopyPaths } from './kustomize/copy-paths.ts';
import { renderKustomize } from './kustomize/render-kustomize.ts';
import { renderPlain } from './plain/render-plain.ts';
import type { Renderer, RendererName } from './types.ts';

/**
 * Every renderer, by the name a RenderRoot gives. Kustomize gets a copy of what
 * its build reads (bases may be anywhere: `../../base`; the whole tree when that is
 * not sure, see kustomizeCopyPaths); Helm the chart directory, the local charts it depends on
 * (file://, transitively) and the values files.
 */
export const RENDERERS: Readonly<Record<RendererName, Renderer>> = Object.freeze({
  plain: { needsCopy: false, render: renderPlain },
  kustomize: { needsCopy: true, copyPaths: (root, treeDir) => kustomizeCopyPaths(treeDir, root.path), render: renderKustomize },
  helm: { needsCopy: true, copyPaths: async (root, treeDir) => [...(await chartWithLocalDependencies(treeDir, root.path)), ...(root.valuesFiles ?? [])], render: renderHelm },
});
