import type { RendererName } from '../../config/types.ts';
import { kustomizationFileIn } from './kustomization.ts';
import type { TreeIndex } from './tree-index.ts';

/** How a path would be rendered: a chart, a kustomization, or plain manifests (a file or a directory). */
export function guessRenderer(index: TreeIndex, path: string): RendererName {
  if (index.files.has(path)) return 'plain';
  if (index.files.has(path === '.' ? 'Chart.yaml' : `${path}/Chart.yaml`)) return 'helm';
  if (kustomizationFileIn(index, path) !== undefined) return 'kustomize';
  return 'plain';
}
