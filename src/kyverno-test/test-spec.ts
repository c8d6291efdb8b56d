import { isArray, isObject, type JsonObject } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';

/** One expected result of a `kyverno test` file. */
export interface ExpectedResult {
  policy: string;
  /** Absent for policy kinds without rules (ValidatingPolicy …). */
  rule?: string;
  kind: string;
  /** Resource names, `name` or `namespace/name`. */
  resources: string[];
  namespace?: string;
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  patchedResources?: string;
  generatedResource?: string;
  /** Files of which one must hold each generated resource (`generatedResources`). */
  generatedResources?: string[];
  /** The file of the resources a generate rule's clone reads (`cloneSourceResource`): they stand in for the cluster. */
  cloneSourceResource?: string;
  /**
   * Set by isValidatingPolicy / isMutatingPolicy / isValidatingAdmissionPolicy /
   * isMutatingAdmissionPolicy: a policy kind without rules, whose every result answers.
   */
  celKind?: boolean;
  /** The operation of the request this result is about (CREATE, UPDATE, DELETE, CONNECT). */
  operation?: string;
}

/** A `cli.kyverno.io/v1alpha1` `kind: Test` document. */
export interface TestSpec {
  name: string;
  policies: string[];
  resources: string[];
  variables?: string;
  userinfo?: string;
  /** Payload lists the test has that preadmit does not evaluate (envoyPayloads, httpPayloads): not Kubernetes resources. */
  payloads: string[];
  /** Files of JSON payloads (`jsonPayloads`), judged by ValidatingPolicies in `evaluation.mode: JSON`. */
  jsonPayloads: string[];
  /** Files with the params ValidatingAdmissionPolicy / MutatingAdmissionPolicy bindings select. */
  paramResources: string[];
  /** Files with PolicyExceptions in force for this test. */
  exceptions: string[];
  results: ExpectedResult[];
  /** A Values document written inline (`values:`), used when no `variables` file is named. */
  values?: JsonObject;
  /** Existing resources that mutate rules with `targets` change (`targetResources`). */
  targetResources?: string[];
  /** Mocked global context entries (`globalContextEntries`). */
  globalContextEntries?: JsonObject[];
  /** Mocked API call responses (`apiCallResponses`). */
  apiCallResponses?: JsonObject[];
  /** A `kind: Context` file with cluster resources and image data standing in for the cluster. */
  context?: string;
  /** `kind: ClusterResource` files whose resources stand in for the cluster (`clusterResources`). */
  clusterResources?: string[];
}

const CEL_FLAGS = ['isValidatingPolicy', 'isMutatingPolicy', 'isValidatingAdmissionPolicy', 'isMutatingAdmissionPolicy', 'isImageValidatingPolicy', 'isDeletingPolicy', 'isGeneratingPolicy'];

const RESULTS = new Set(['pass', 'fail', 'warn', 'error', 'skip']);

function strings(value: unknown): string[] {
  return isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function expectedResult(raw: JsonObject, index: number): Outcome<ExpectedResult> {
  const policy = raw['policy'];
  const result = typeof raw['result'] === 'string' ? raw['result'].trim().toLowerCase() : '';
  if (typeof policy !== 'string') return err(`results[${index}]: policy is required`);
  if (!RESULTS.has(result)) return err(`results[${index}]: result must be pass, fail, warn, error or skip`);
  const resources = strings(raw['resources']);
  if (typeof raw['resource'] === 'string') resources.push(raw['resource']);
  const expected: ExpectedResult = {
    policy,
    kind: typeof raw['kind'] === 'string' ? raw['kind'] : '',
    resources,
    result: result as ExpectedResult['result'],
  };
  if (typeof raw['rule'] === 'string') expected.rule = raw['rule'];
  if (typeof raw['namespace'] === 'string') expected.namespace = raw['namespace'];
  if (typeof raw['patchedResources'] === 'string') expected.patchedResources = raw['patchedResources'];
  else if (typeof raw['patchedResource'] === 'string') expected.patchedResources = raw['patchedResource'];
  if (typeof raw['generatedResource'] === 'string') expected.generatedResource = raw['generatedResource'];
  const generatedFiles = strings(raw['generatedResources']);
  if (generatedFiles.length > 0) expected.generatedResources = generatedFiles;
  if (typeof raw['cloneSourceResource'] === 'string') expected.cloneSourceResource = raw['cloneSourceResource'];
  if (CEL_FLAGS.some((flag) => raw[flag] === true)) expected.celKind = true;
  if (typeof raw['operation'] === 'string' && ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(raw['operation'])) expected.operation = raw['operation'];
  return ok(expected);
}

export function isTestDocument(object: JsonObject): boolean {
  return object['kind'] === 'Test' && typeof object['apiVersion'] === 'string' && object['apiVersion'].startsWith('cli.kyverno.io/');
}

/** Read a Test document; the legacy form without apiVersion/kind is accepted too. */
export function parseTestSpec(object: JsonObject): Outcome<TestSpec> {
  if (!isArray(object['results'])) return err('a kyverno test needs a `results` list');
  const results: ExpectedResult[] = [];
  for (const [index, raw] of object['results'].entries()) {
    if (!isObject(raw)) return err(`results[${index}] must be a mapping`);
    const parsed = expectedResult(raw, index);
    if (!parsed.ok) return parsed;
    results.push(parsed.value);
  }
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  const spec: TestSpec = {
    name: typeof metadata['name'] === 'string' ? metadata['name'] : typeof object['name'] === 'string' ? object['name'] : '',
    policies: strings(object['policies']),
    resources: strings(object['resources']),
    exceptions: strings(object['exceptions']),
    paramResources: strings(object['paramResources']),
    payloads: ['envoyPayloads', 'httpPayloads'].filter((k) => isArray(object[k]) && object[k].length > 0),
    jsonPayloads: strings(object['jsonPayloads']),
    results,
    targetResources: strings(object['targetResources']),
    globalContextEntries: isArray(object['globalContextEntries']) ? object['globalContextEntries'].filter(isObject) : [],
    apiCallResponses: isArray(object['apiCallResponses']) ? object['apiCallResponses'].filter(isObject) : [],
    clusterResources: strings(object['clusterResources']),
  };
  if (isObject(object['values'])) spec.values = object['values'];
  if (typeof object['context'] === 'string') spec.context = object['context'];
  if (typeof object['variables'] === 'string') spec.variables = object['variables'];
  if (typeof object['userinfo'] === 'string') spec.userinfo = object['userinfo'];
  return ok(spec);
}
