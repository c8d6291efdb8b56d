import type { PreadmitConfig } from '../config/types.ts';
import type { RenderOptions } from '../render/types.ts';

/** The render options a configuration adds: its kustomize features (off by default). */
export function renderWith(config: PreadmitConfig, base: RenderOptions): RenderOptions {
  return {
    ...base,
    ...(config.kustomize.helmCharts ? { kustomizeHelmCharts: true } : {}),
    ...(config.kustomize.loadRestrictorNone ? { kustomizeLoadRestrictorNone: true } : {}),
  };
}
