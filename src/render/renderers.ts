import { renderHelm } from './helm/render-helm.ts';
import { renderKustomize } from './kustomize/render-kustomize.ts';
import { renderPlain } from './plain/render-plain.ts';
import type { Renderer, RendererName } from './types.ts';

/** Every renderer, by the name a RenderRoot gives. */
export const RENDERERS: Readonly<Record<RendererName, Renderer>> = Object.freeze({
  plain: { needsCopy: false, render: renderPlain },
  kustomize: { needsCopy: true, render: renderKustomize },
  helm: { needsCopy: true, render: renderHelm },
});
