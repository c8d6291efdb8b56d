import type { ToolOptions } from './tools.ts';

/**
 * Renderer paths configured in the environment: PREADMIT_KUSTOMIZE, PREADMIT_KUBECTL and
 * PREADMIT_HELM name the binaries to use instead of searching PATH and the bundled ones.
 */
export function toolOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): ToolOptions {
  const options: ToolOptions = {};
  if (env['PREADMIT_KUSTOMIZE']) options.kustomizePath = env['PREADMIT_KUSTOMIZE'];
  if (env['PREADMIT_KUBECTL']) options.kubectlPath = env['PREADMIT_KUBECTL'];
  if (env['PREADMIT_HELM']) options.helmPath = env['PREADMIT_HELM'];
  return options;
}
