import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { computeImages } from './scope.ts';
import { wildcardMatch } from './wildcard.ts';

/**
 * Classic `verifyImages` rules, offline. Kyverno runs such a rule in two phases:
 *
 * - at mutation (VerifyAndPatchImages) every matching image is checked against the entry's
 *   attestors and attestations, and with `mutateDigest` (default true) a tag is replaced by
 *   the digest the registry resolves: both need the registry;
 * - at validation (when an entry has `verifyDigest` or `required`, both default true) every
 *   matching image must carry a digest ("missing digest for <image>") and, with `required`,
 *   must have been verified by the mutation phase, which records it in the resource's
 *   annotation ("unverified image <image>"); an entry without attestors records nothing.
 *
 * What needs no registry is decided as Kyverno decides it; the rest is an `error` that says
 * the registry is needed. A failure the registry cannot change (a missing digest that will
 * not be added, an image nothing verifies) is reported as the failure it is.
 */

/** One image of the resource, as Kyverno's image context lists it. */
interface ResourceImage {
  /** registry/path:tag, or registry/path@digest (Kyverno's ImageInfo.String()). */
  reference: string;
  digest: string;
  pointer: string;
}

/** One `verifyImages` entry, with Kyverno's defaults (the CLI loads policies with their CRD defaults). */
interface VerifyEntry {
  index: number;
  imageReferences: string[];
  skipImageReferences: string[];
  /** Verifies signatures or attestations (attestors, attestations, or the deprecated key / keyless fields). */
  verifiesSignatures: boolean;
  mutateDigest: boolean;
  verifyDigest: boolean;
  required: boolean;
}

const strings = (value: JsonValue | undefined): string[] => (isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const nonEmpty = (value: JsonValue | undefined): boolean => (isArray(value) ? value.length > 0 : typeof value === 'string' ? value !== '' : isObject(value));
const flag = (value: JsonValue | undefined): boolean => value !== false;

function readEntry(raw: JsonObject, index: number): VerifyEntry {
  const references = strings(raw['imageReferences']);
  // the deprecated `image` stands for imageReferences: [image] (Kyverno's Convert)
  if (references.length === 0 && typeof raw['image'] === 'string' && raw['image'] !== '') references.push(raw['image']);
  return {
    index,
    imageReferences: references,
    skipImageReferences: strings(raw['skipImageReferences']),
    verifiesSignatures: ['attestors', 'attestations', 'key', 'roots', 'subject', 'issuer'].some((k) => nonEmpty(raw[k])),
    mutateDigest: flag(raw['mutateDigest']),
    verifyDigest: flag(raw['verifyDigest']),
    required: flag(raw['required']),
  };
}

function resourceImages(resource: JsonObject): ResourceImage[] {
  const images = computeImages(resource) ?? {};
  const out: ResourceImage[] = [];
  for (const list of Object.values(images)) {
    if (!isObject(list)) continue;
    for (const info of Object.values(list)) {
      if (!isObject(info)) continue;
      out.push({
        reference: typeof info['reference'] === 'string' ? info['reference'] : '',
        digest: typeof info['digest'] === 'string' ? info['digest'] : '',
        pointer: typeof info['jsonPointer'] === 'string' ? info['jsonPointer'] : '',
      });
    }
  }
  return out;
}

const matches = (image: string, patterns: readonly string[]): boolean => patterns.some((p) => wildcardMatch(p, image));

/** What the registry would be asked, for one image of one entry; undefined when nothing. */
function registryQuestion(entry: VerifyEntry, image: ResourceImage): string | undefined {
  if (entry.verifiesSignatures && !matches(image.reference, entry.skipImageReferences)) return `verify the signatures or attestations of ${image.reference}`;
  if (entry.mutateDigest && image.digest === '') return `resolve the digest of ${image.reference} (mutateDigest replaces its tag with the digest)`;
  return undefined;
}

/** The failure of the validation phase for one image of one entry, when the registry cannot change it. */
function certainFailure(entry: VerifyEntry, image: ResourceImage): string | undefined {
  // a digest that mutateDigest adds is there when the validation phase runs
  const hasDigest = image.digest !== '' || entry.mutateDigest;
  if (entry.verifyDigest && !hasDigest) {
    return `missing digest for ${image.reference}: pin the image by digest (image@sha256:…), as verifyDigest requires`;
  }
  // with `required`, only the mutation phase's signature checks can mark an image verified
  if (entry.required && !entry.verifiesSignatures) {
    return `unverified image ${image.reference}: the rule requires verified images (required, true by default) but has no attestors or attestations to verify them; set required: false to check digests only`;
  }
  return undefined;
}

/** Evaluate a `verifyImages` rule on a resource as far as it can be without a registry. */
export function evaluateVerifyImagesRule(rule: JsonObject, resource: JsonObject): RuleOutcome {
  if (rule['imageExtractors'] !== undefined) {
    return outcome('error', 'verifyImages rules with imageExtractors are not evaluated offline: preadmit reads images from containers, initContainers and ephemeralContainers only');
  }
  const entries = (isArray(rule['verifyImages']) ? rule['verifyImages'] : []).filter(isObject).map(readEntry);
  if (entries.some((e) => [...e.imageReferences, ...e.skipImageReferences].some((r) => r.includes('{{')))) {
    return outcome('error', 'verifyImages image references with variables are not evaluated offline');
  }
  const images = resourceImages(resource);
  const questions: string[] = [];
  const failures: { message: string; pointer: string }[] = [];
  let matched = false;
  for (const entry of entries) {
    for (const image of images) {
      if (!matches(image.reference, entry.imageReferences)) continue;
      matched = true;
      const question = registryQuestion(entry, image);
      if (question !== undefined) questions.push(question);
      const failure = certainFailure(entry, image);
      if (failure !== undefined) failures.push({ message: failure, pointer: image.pointer });
    }
  }
  // Kyverno gives no result when no image of the resource matches the rule's imageReferences
  if (!matched) return outcome('skip', 'no image of the resource matches the imageReferences of the rule');
  const first = failures[0];
  if (first !== undefined) return outcome('fail', first.message, failures.map((f) => f.pointer).filter((p) => p !== ''));
  if (questions.length > 0) {
    return outcome('error', `verifyImages needs registry access, which preadmit does not have: the rule would ${[...new Set(questions)].join('; ')}`);
  }
  return outcome('pass', 'image verified');
}

/** The failureAction of a verifyImages rule, as Kyverno reads it: Enforce when an entry enforces, else the first one set. */
export function verifyImagesFailureAction(rule: JsonObject): 'Enforce' | 'Audit' | undefined {
  const actions = (isArray(rule['verifyImages']) ? rule['verifyImages'] : []).filter(isObject).map((e) => e['failureAction']);
  if (actions.includes('Enforce')) return 'Enforce';
  return actions.includes('Audit') ? 'Audit' : undefined;
}
