import { describe, expect, it } from 'vitest';
import { toolOptionsFromEnv } from './tool-paths.ts';

describe('toolOptionsFromEnv', () => {
  it('reads the configured renderer paths and nothing else', () => {
    expect(toolOptionsFromEnv({ PREADMIT_HELM: '/opt/helm', PREADMIT_KUSTOMIZE: '', PATH: '/bin' })).toEqual({ helmPath: '/opt/helm' });
    expect(toolOptionsFromEnv({ PREADMIT_KUSTOMIZE: '/k', PREADMIT_KUBECTL: '/kc' })).toEqual({ kustomizePath: '/k', kubectlPath: '/kc' });
  });
});
