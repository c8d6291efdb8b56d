import type { Environment } from '@marcbachmann/cel-js';

/**
 * The functions of Kyverno's ImageValidatingPolicy library that read the registry:
 * verifyImageSignatures, verifyAttestationSignatures, extractPayload, getImageData. preadmit
 * makes no registry calls, so each one fails with a message that says so; the expression
 * that calls it is an error (as Kyverno reports a registry that cannot be reached), never a
 * pass or a fail made up without the data.
 */
export const REGISTRY_NEEDED = 'needs registry access, which preadmit does not have (it evaluates offline)';

function registryNeeded(what: string, image: string): never {
  throw new Error(`${what} of ${image} ${REGISTRY_NEEDED}`);
}

export function registerImageVerifyLibrary(env: Environment): void {
  env.registerFunction('verifyImageSignatures(string, list): int', (image: string) => registryNeeded('verifyImageSignatures: checking the signatures', image));
  env.registerFunction('verifyAttestationSignatures(string, string, list): int', (image: string, attestation: string) =>
    registryNeeded(`verifyAttestationSignatures: checking the signatures of attestation ${attestation}`, image),
  );
  env.registerFunction('extractPayload(string, string): dyn', (image: string, attestation: string) => registryNeeded(`extractPayload: reading attestation ${attestation}`, image));
  env.registerFunction('getImageData(string): dyn', (image: string) => registryNeeded('getImageData: reading the manifest and config', image));
}
