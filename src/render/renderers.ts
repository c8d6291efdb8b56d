import { renderHelm } from './helm/render-helm.ts';
import { renderKustomize } from './kustomize/render-kustomize.ts';
import { renderPlain } from './plain/render-plain.ts';
import type { Renderer, RendererName } from './types.ts';

/**
 * Every renderer, by the name a RenderRoot gives. Kustomize gets a copy of the
 * whole tree (bases may be anywhere: `../../base`); Helm only the chart
 * directory and the values files.
 */
export const RENDERERS: Readonly<Record<RendererName, Renderer>> = Object.freeze({
  plain: { needsCopy: false, render: renderPlain },
  kustomize: { needsCopy: true, render: renderKustomize },
  helm: { needsCopy: true, copyPaths: (root) => [root.path, ...(root.valuesFiles ?? [])], render: renderHelm },
});
