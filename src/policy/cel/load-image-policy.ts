import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { NamedExpression } from '../../engine/cel/program.ts';
import { autogenPrograms } from './autogen.ts';
import { readProgram, readValidationActions } from './read-program.ts';
import type { CelPolicy } from './types.ts';

/** The kinds of Kyverno's image verification policies (policies.kyverno.io). */
const IMAGE_POLICY_KINDS = new Set(['ImageValidatingPolicy', 'NamespacedImageValidatingPolicy']);

/** One entry of spec.matchImageReferences: a glob, or a CEL expression on `ref`. */
export type ImageReferenceMatch = { glob: string } | { expression: string };

/** What an ImageValidatingPolicy adds to an admission program. */
export interface ImageValidatingProgram {
  /** Which images the policy is about; none: every image. */
  matchImageReferences: ImageReferenceMatch[];
  /** spec.images: extra image lists, by name, each a CEL expression giving a list of images. */
  images: NamedExpression[];
  /** spec.attestors, by name, as written (the registry functions take them). */
  attestors: Record<string, JsonValue>;
  /** spec.attestations, by name. */
  attestations: string[];
  /** validationConfigurations.verifyDigest (default true): every matched image must carry a digest. */
  verifyDigest: boolean;
  /** validationConfigurations.required (default true): every matched image must be verified by a signature or attestation check. */
  required: boolean;
}

export function isImageValidatingPolicyDocument(object: JsonObject): boolean {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return IMAGE_POLICY_KINDS.has(kind) && apiVersion.startsWith('policies.kyverno.io/');
}

function readReferences(value: JsonValue | undefined, problems: string[]): ImageReferenceMatch[] {
  const out: ImageReferenceMatch[] = [];
  for (const [i, entry] of (isArray(value) ? value : []).entries()) {
    if (isObject(entry) && typeof entry['glob'] === 'string' && entry['glob'] !== '') out.push({ glob: entry['glob'] });
    else if (isObject(entry) && typeof entry['expression'] === 'string' && entry['expression'] !== '') out.push({ expression: entry['expression'] });
    else problems.push(`spec.matchImageReferences[${i}]: either glob or expression must be set`);
  }
  return out;
}

function readNamed(value: JsonValue | undefined): JsonObject[] {
  return (isArray(value) ? value : []).filter(isObject).filter((e) => typeof e['name'] === 'string');
}

/** Read an ImageValidatingPolicy (or its namespaced kind) into what the CEL engine runs. */
export function loadImageValidatingPolicy(name: string, spec: JsonObject): { cel: CelPolicy; problems: string[] } {
  const problems: string[] = [];
  const evaluation = isObject(spec['evaluation']) ? spec['evaluation'] : {};
  const jsonMode = evaluation['mode'] === 'JSON';
  const program = readProgram(spec, problems, jsonMode);
  const config = isObject(spec['validationConfigurations']) ? spec['validationConfigurations'] : {};
  const image: ImageValidatingProgram = {
    matchImageReferences: readReferences(spec['matchImageReferences'], problems),
    images: readNamed(spec['images'])
      .filter((e) => typeof e['expression'] === 'string')
      .map((e) => ({ name: e['name'] as string, expression: e['expression'] as string })),
    attestors: Object.fromEntries(readNamed(spec['attestors']).map((a) => [a['name'] as string, a])),
    attestations: readNamed(spec['attestations']).map((a) => a['name'] as string),
    verifyDigest: config['verifyDigest'] !== false,
    required: config['required'] !== false,
  };
  const cel: CelPolicy = {
    dialect: 'ImageValidatingPolicy',
    // as Kyverno's provider: a policy on Pods also judges the pod controllers (their own programs, the same name)
    programs: [{ name, program }, ...(jsonMode ? [] : autogenPrograms(name, spec, program, 'validating'))],
    validationActions: readValidationActions(spec['validationActions'], ['Deny']),
    bindings: [],
    image,
  };
  if (jsonMode) cel.jsonMode = true;
  return { cel, problems };
}
