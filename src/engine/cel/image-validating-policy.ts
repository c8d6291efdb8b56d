import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { parseImageReference } from '../jmespath/image-reference.ts';
import type { ImageReferenceMatch, ImageValidatingProgram } from '../../policy/cel/load-image-policy.ts';
import type { CelPolicy } from '../../policy/cel/types.ts';
import type { Policy } from '../../policy/types.ts';
import type { AdmissionInput, RuleResult, RuleStatus } from '../types.ts';
import { activation, celText, createCelEnvironment, fromCel, toCel, type CelActivation, type CelEnvironment, type CelExpression } from './adapter/index.ts';
import { matchResources } from './admission-match.ts';
import { admissionRequest, subjectOf, type CelRequest } from './admission-request.ts';
import { celRequestOf } from './evaluate-policy.ts';
import { globToRegExp } from './image-glob.ts';
import type { AdmissionProgram } from './program.ts';

/**
 * ImageValidatingPolicy, offline, in the order Kyverno's engine evaluates one
 * (pkg/image/verification/evaluator): match constraints and match conditions (no result when
 * they do not hold), CEL PolicyExceptions (skip), the images (the resource's containers, and
 * spec.images) narrowed to matchImageReferences, verifyDigest ("image … does not have a
 * digest"), the validations in order (the first false one fails, an error is an error), then
 * `required`: an image that passed but that no signature or attestation check verified fails.
 *
 * Kyverno fetches each matched image's data from its registry before the validations; preadmit
 * assumes the images exist. The functions that read the registry (verifyImageSignatures,
 * verifyAttestationSignatures, extractPayload, getImageData) fail with a message saying
 * registry access is needed, so the result is an `error`, never a guess.
 */

type Expression = Outcome<CelExpression>;

let environment: CelEnvironment | undefined;
const compiled = new Map<string, Expression>();

function compile(source: string): Expression {
  let entry = compiled.get(source);
  if (!entry) {
    environment ??= createCelEnvironment();
    entry = environment.compile(source);
    compiled.set(source, entry);
  }
  return entry;
}

function evaluate(source: string, act: CelActivation, where: string): Outcome<unknown> {
  const expression = compile(source);
  if (!expression.ok) return err(`${where}: ${expression.error}`);
  const value = expression.value.evaluate(act);
  return value.ok ? value : err(`${where}: ${value.error}`);
}

function evaluateBool(source: string, act: CelActivation, where: string): Outcome<boolean> {
  const value = evaluate(source, act, where);
  if (!value.ok) return value;
  return typeof value.value === 'boolean' ? ok(value.value) : err(`${where} must evaluate to a bool, got ${celText(value.value)}`);
}

/** One image the policy looks at, and where it is written in the resource (when known). */
interface FoundImage {
  image: string;
  pointer?: string;
}

/** The container lists Kyverno extracts by the request's resource (pods, pod controllers, cronjobs). */
function podSpecPath(request: CelRequest): string[] | undefined {
  const resource = admissionRequest(request)['resource'];
  if (!isObject(resource) || resource['version'] !== 'v1') return undefined;
  const key = `${String(resource['group'])}/${String(resource['resource'])}`;
  if (key === '/pods') return ['spec'];
  if (['batch/jobs', 'apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets'].includes(key)) return ['spec', 'template', 'spec'];
  if (key === 'batch/cronjobs') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return undefined;
}

function builtInImages(request: CelRequest): Record<string, FoundImage[]> | undefined {
  const path = podSpecPath(request);
  if (!path) return undefined;
  let spec: JsonValue | undefined = subjectOf(request);
  for (const key of path) spec = isObject(spec) ? spec[key] : undefined;
  const out: Record<string, FoundImage[]> = {};
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = isObject(spec) && isArray(spec[list]) ? spec[list] : [];
    out[list] = containers.flatMap((c, i) =>
      isObject(c) && typeof c['image'] === 'string' ? [{ image: c['image'], pointer: `/${[...path, list, String(i), 'image'].join('/')}` }] : [],
    );
  }
  return out;
}

function referenceMatches(image: string, references: readonly ImageReferenceMatch[]): Outcome<boolean> {
  if (references.length === 0) return ok(true);
  for (const [i, reference] of references.entries()) {
    if ('glob' in reference) {
      const pattern = globToRegExp(reference.glob);
      if (typeof pattern === 'string') return err(`spec.matchImageReferences[${i}]: ${pattern}`);
      if (pattern.test(image)) return ok(true);
      continue;
    }
    const holds = evaluateBool(reference.expression, activation({ ref: image }, { resources: [], images: {} }), `spec.matchImageReferences[${i}].expression`);
    if (!holds.ok) return holds;
    if (holds.value) return ok(true);
  }
  return ok(false);
}

/** The images of the request, by category, as the policy's `images` variable holds them (matched ones only). */
function matchedImages(image: ImageValidatingProgram, request: CelRequest, act: CelActivation): Outcome<Record<string, FoundImage[]>> {
  const all: Record<string, FoundImage[]> = { ...(builtInImages(request) ?? {}) };
  for (const extractor of image.images) {
    const value = evaluate(extractor.expression, act, `spec.images ${extractor.name}`);
    if (!value.ok) return value;
    const list = fromCel(value.value);
    if (!isArray(list) || !list.every((v) => typeof v === 'string')) return err(`spec.images ${extractor.name} must evaluate to a list of strings, got ${celText(value.value)}`);
    all[extractor.name] = list.map((v) => ({ image: v as string }));
  }
  const out: Record<string, FoundImage[]> = {};
  for (const [category, found] of Object.entries(all)) {
    out[category] = [];
    for (const entry of found) {
      const matches = referenceMatches(entry.image, image.matchImageReferences);
      if (!matches.ok) return matches;
      if (matches.value) out[category]?.push(entry);
    }
  }
  return ok(out);
}

/** The request variables: `object` alone for a JSON payload, the admission request's otherwise. */
function requestValues(request: CelRequest, jsonMode: boolean): Record<string, unknown> {
  if (jsonMode) return { object: toCel(request.object) };
  return {
    object: toCel(request.object),
    oldObject: toCel(request.oldObject),
    request: toCel(admissionRequest(request)),
    namespaceObject: toCel(request.namespaceObject),
  };
}

function withVariables(program: AdmissionProgram, values: Record<string, unknown>, request: CelRequest): CelActivation {
  const entries: Record<string, () => unknown> = {};
  let current: CelActivation | undefined;
  for (const variable of program.variables) {
    entries[variable.name] = () => {
      const result = evaluate(variable.expression, current as CelActivation, `variable ${variable.name}`);
      if (!result.ok) throw new Error(result.error);
      return result.value;
    };
  }
  current = activation(values, request.context, { name: 'variables', entries });
  return current;
}

/** All match conditions hold (true), one does not (false), or one could not be evaluated. */
function conditionsHold(conditions: AdmissionProgram['matchConditions'], act: CelActivation): Outcome<boolean> {
  const errors: string[] = [];
  for (const condition of conditions) {
    const holds = evaluateBool(condition.expression, act, `match condition ${condition.name}`);
    if (!holds.ok) errors.push(holds.error);
    else if (!holds.value) return ok(false);
  }
  return errors.length > 0 ? err(errors.join('; ')) : ok(true);
}

/** The CEL PolicyExceptions that name this policy (by name and kind) and whose conditions hold. */
function exemptingExceptions(policy: Policy, input: AdmissionInput, act: CelActivation, failurePolicy: AdmissionProgram['failurePolicy']): Outcome<string[]> {
  const names: string[] = [];
  for (const exception of input.cel?.exceptions ?? []) {
    if (!exception.policyRefs.some((r) => r.name === policy.meta.name && r.kind === policy.meta.kind)) continue;
    const holds = conditionsHold(exception.program.matchConditions, act);
    if (!holds.ok && failurePolicy === 'Fail') return err(`PolicyException ${exception.name}: ${holds.error}`);
    if (holds.ok && holds.value) names.push(exception.namespace ? `${exception.namespace}/${exception.name}` : exception.name);
  }
  return ok(names);
}

/** The first matched image without a digest, when verifyDigest asks for one; an error when an image does not parse. */
function undigested(images: readonly FoundImage[]): Outcome<FoundImage | undefined> {
  for (const found of images) {
    const parsed = parseImageReference(found.image);
    if (typeof parsed === 'string') return err(`failed to parse image reference ${found.image}: ${parsed}`);
    if (parsed.digest === undefined) return ok(found);
  }
  return ok(undefined);
}

function failureMessage(validation: AdmissionProgram['validations'][number], index: number, act: CelActivation): string {
  if (validation.messageExpression) {
    const message = evaluate(validation.messageExpression, act, `validations[${index}].messageExpression`);
    if (!message.ok) return `failed to evaluate message expression: ${message.error}`;
    if (typeof message.value !== 'string') return `failed to convert message expression to string: got ${celText(message.value)}`;
    return message.value;
  }
  return validation.message !== undefined && validation.message !== '' ? validation.message : `CEL expression validation failed at index ${index}`;
}

interface Verdict {
  status: RuleStatus;
  message: string;
  paths?: string[];
}

const pointers = (images: readonly FoundImage[]): string[] => [...new Set(images.flatMap((i) => (i.pointer ? [i.pointer] : [])))];

/**
 * The program that selects the request: the policy's, or one Kyverno's autogen derived for pod
 * controllers (same name, as Kyverno reports it); a JSON payload is judged by the policy's.
 */
function selectProgram(cel: CelPolicy, request: CelRequest, jsonMode: boolean): AdmissionProgram | { error: string } | undefined {
  for (const { program } of cel.programs) {
    if (jsonMode || !program.match) return program;
    const verdict = matchResources(program.match, request);
    if ('error' in verdict) return verdict;
    if (verdict.applies) return program;
  }
  return undefined;
}

/** The policy on one request; undefined when it does not apply (Kyverno gives no result then). */
function judge(policy: Policy, cel: CelPolicy, image: ImageValidatingProgram, input: AdmissionInput): Verdict | undefined {
  const jsonMode = cel.jsonMode === true;
  const request = celRequestOf(input);
  const selected = selectProgram(cel, request, jsonMode);
  if (selected === undefined) return undefined;
  if ('error' in selected) return { status: 'error', message: `failed to execute matching: ${selected.error}` };
  const program = selected;
  const values = requestValues(request, jsonMode);
  const act = withVariables(program, values, request);
  const holds = conditionsHold(program.matchConditions, act);
  if (!holds.ok) return program.failurePolicy === 'Ignore' ? undefined : { status: 'error', message: `failed to evaluate policy: ${holds.error}` };
  if (!holds.value) return undefined;
  // as Kyverno's CLI: a JSON payload is judged without exceptions
  if (!jsonMode) {
    const exempt = exemptingExceptions(policy, input, act, program.failurePolicy);
    if (!exempt.ok) return { status: 'error', message: `failed to evaluate policy: ${exempt.error}` };
    if (exempt.value.length > 0) return { status: 'skip', message: `rule is skipped due to policy exception: ${exempt.value.join(', ')}` };
  }
  const images = matchedImages(image, request, act);
  if (!images.ok) return { status: 'error', message: `failed to evaluate policy: ${images.error}` };
  const matched = Object.values(images.value).flat();
  if (image.verifyDigest) {
    const missing = undigested(matched);
    if (!missing.ok) return { status: 'error', message: `failed to evaluate policy: ${missing.error}` };
    if (missing.value) {
      return { status: 'fail', message: `image ${missing.value.image} does not have a digest: pin it by digest (image@sha256:…), as validationConfigurations.verifyDigest requires`, paths: pointers([missing.value]) };
    }
  }
  const full = withVariables(program, {
    ...values,
    images: toCel(Object.fromEntries(Object.entries(images.value).map(([k, v]) => [k, v.map((i) => i.image)]))),
    attestors: toCel(image.attestors as JsonObject),
    attestations: toCel(Object.fromEntries(image.attestations.map((a) => [a, a]))),
  }, request);
  for (const [index, validation] of program.validations.entries()) {
    const value = evaluate(validation.expression, full, `validations[${index}]`);
    if (!value.ok) return { status: 'error', message: `failed to evaluate policy: ${value.error}` };
    if (typeof value.value !== 'boolean') return { status: 'error', message: `validations[${index}] must evaluate to a bool, got ${celText(value.value)}` };
    if (!value.value) return { status: 'fail', message: failureMessage(validation, index, full), paths: pointers(matched) };
  }
  // no verification function can succeed offline: a matched image that passed is one nothing verified
  const unverified = image.required ? matched[0] : undefined;
  if (unverified) {
    return {
      status: 'fail',
      message: `image ${unverified.image} is not verified: no policy performed a signature or attestation check on it (validationConfigurations.required is true unless set to false)`,
      paths: pointers([unverified]),
    };
  }
  return { status: 'pass', message: 'success' };
}

/** Evaluate an ImageValidatingPolicy (or NamespacedImageValidatingPolicy) on one resource or JSON payload. */
export function evaluateImageValidatingPolicy(policy: Policy, input: AdmissionInput): RuleResult[] {
  const cel = policy.cel;
  const image = cel?.image;
  if (!cel || !image || (cel.jsonMode === true) !== (input.jsonPayload === true)) return [];
  let verdict: Verdict | undefined;
  try {
    verdict = judge(policy, cel, image, input);
  } catch (error) {
    verdict = { status: 'error', message: `failed to evaluate policy: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!verdict) return [];
  return [
    {
      policy: policy.meta,
      rule: policy.meta.name,
      ruleType: 'verifyImages',
      status: verdict.status,
      message: verdict.message,
      paths: verdict.paths ?? [],
      action: cel.validationActions.includes('Deny') ? 'Enforce' : 'Audit',
    },
  ];
}
