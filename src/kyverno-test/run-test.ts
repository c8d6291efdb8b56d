import { basename, dirname, resolve } from 'node:path';
import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import { loadClusterResources } from './cluster-resources.ts';
import { loadCloneSources, policyKey } from './clone-sources.ts';
import { reportsExcluded } from './excluded-pass.ts';
import { evaluatePolicy, ruleTypeOf } from '../engine/evaluate.ts';
import type { AdmissionInput, ClusterMocks, RuleResult } from '../engine/types.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import { formatPolicyProblem, loadPolicies } from '../policy/load.ts';
import type { Policy } from '../policy/types.ts';
import { testRequest } from './admission.ts';
import { clusterMocks } from './cluster-mocks.ts';
import type { DocumentSource } from './documents.ts';
import { withDefaultNamespace } from './patched.ts';
import { loadCelInput, loadUserInfo } from './cel-inputs.ts';
import { compareExpected, type CaseResult, type TestPayload } from './compare.ts';
import type { TestSpec } from './test-spec.ts';
import { emptyValues, parseValues, type TestValues } from './values-file.ts';
import { readPayloads, type PayloadSource } from './payloads.ts';
import { appendAll } from '../core/append-all.ts';
import { evaluateLifecycle, isLifecycleKind, loadLifecyclePolicies } from './lifecycle-policies.ts';
import { loadedNames, namingMissing } from './missing-names.ts';

export interface TestRun {
  file: string;
  cases: CaseResult[];
  /** Problems loading the test's inputs (missing files, invalid YAML, bad policies). */
  problems: string[];
  policies: number;
  resources: number;
}

async function loadValues(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<TestValues> {
  if (!spec.variables) return spec.values ? parseValues(spec.values) : emptyValues();
  const loaded = await source(resolve(base, spec.variables));
  appendAll(problems, loaded.problems);
  const doc = loaded.documents.find((d) => d.object['kind'] === 'Values') ?? loaded.documents[0];
  if (!doc && loaded.problems.length === 0) problems.push(`${spec.variables}: no Values document (apiVersion: cli.kyverno.io/v1alpha1, kind: Values) found`);
  return doc ? parseValues(doc.object) : emptyValues();
}

async function loadObjects(paths: readonly string[], base: string, source: DocumentSource, problems: string[]): Promise<JsonObject[]> {
  const objects: JsonObject[] = [];
  for (const path of paths) {
    const loaded = await source(resolve(base, path));
    appendAll(problems, loaded.problems);
    appendAll(objects, loaded.documents.map((d) => d.object));
  }
  return objects;
}

/** What stands in for the cluster: mocked API calls, global context entries (with their resource files), the context file. */
async function loadMocks(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<ClusterMocks | undefined> {
  const globals = [];
  for (const entry of spec.globalContextEntries ?? []) {
    const files = isArray(entry['resourceFiles']) ? entry['resourceFiles'].filter((f): f is string => typeof f === 'string') : [];
    globals.push({ entry, fileResources: await loadObjects(files, base, source, problems) });
  }
  const context = spec.context ? (await loadObjects([spec.context], base, source, problems)).find((d) => d['kind'] === 'Context') : undefined;
  const contextSpec = context && isObject(context['spec']) ? context['spec'] : {};
  return clusterMocks({
    apiCallResponses: spec.apiCallResponses ?? [],
    globalContextEntries: globals,
    contextResources: [...(isArray(contextSpec['resources']) ? contextSpec['resources'].filter(isObject) : []), ...(await loadClusterResources(spec, base, source, problems))],
    contextImages: isArray(contextSpec['images']) ? contextSpec['images'].filter(isObject) : [],
  });
}

/** What a test result may call a payload: its file as the test writes it, the file's base name, its metadata.name. */
function payloadNames(path: string, payload: JsonObject): string[] {
  const names = [path, basename(path)];
  const name = resourceRef(payload).name;
  if (name) names.push(name);
  return [...new Set(names)];
}

/** MutatingPolicy / MutatingAdmissionPolicy: evaluated with the mutate rules. */
const isCelMutating = (policy: Policy): boolean => policy.cel?.dialect === 'MutatingPolicy' || policy.cel?.dialect === 'MutatingAdmissionPolicy';

/** Run one kyverno test file: evaluate its policies on its resources and compare with its results. */
export async function runTestFile(file: string, spec: TestSpec, source: DocumentSource, payloadSource: PayloadSource = readPayloads): Promise<TestRun> {
  const base = dirname(file);
  const problems: string[] = [];
  const values = await loadValues(spec, base, source, problems);
  const policyDocs: Awaited<ReturnType<DocumentSource>>['documents'] = [];
  for (const path of spec.policies) {
    const loaded = await source(resolve(base, path));
    appendAll(problems, loaded.problems);
    appendAll(policyDocs, loaded.documents);
  }
  const { policies, problems: policyProblems } = loadPolicies(policyDocs, 'security');
  appendAll(problems, policyProblems.map(formatPolicyProblem));
  // GeneratingPolicy, DeletingPolicy: evaluated here as kyverno test does (check reports them as not evaluated)
  const lifecycle = loadLifecyclePolicies(policyDocs);
  appendAll(problems, lifecycle.problems);
  const exceptionDocs: Awaited<ReturnType<DocumentSource>>['documents'] = [];
  for (const path of spec.exceptions) {
    const loaded = await source(resolve(base, path));
    appendAll(problems, loaded.problems);
    appendAll(exceptionDocs, loaded.documents);
  }
  const { exceptions, problems: exceptionProblems } = loadExceptions([...exceptionDocs, ...policyDocs]);
  appendAll(problems, exceptionProblems.map((p) => `${p.file}: ${p.message}`));
  const resources = (await loadObjects(spec.resources, base, source, problems)).map(withDefaultNamespace);
  const targetResources = (await loadObjects(spec.targetResources ?? [], base, source, problems)).map(withDefaultNamespace);
  const cluster = await loadMocks(spec, base, source, problems);
  // as the Kyverno CLI's fake cluster: the test's resources and its target resources exist
  const existing = [...resources, ...targetResources];
  const cel = await loadCelInput(spec, base, source, values, problems);
  const user = await loadUserInfo(spec, base, source, problems);
  const cloneSources = await loadCloneSources(spec, policies, base, source, problems);
  // a result naming an `operation` is compared with a run of that operation, as the Kyverno CLI does
  const requestValues = (policy: string, name: string, operation: string | undefined): Record<string, JsonValue> =>
    operation === undefined ? values.requestValuesFor(policy, name) : { ...values.requestValuesFor(policy, name), 'request.operation': operation };
  const evaluateAll = (operation?: string): Map<JsonObject, RuleResult[]> => {
    const resultsByResource = new Map<JsonObject, RuleResult[]>();
    // as the Kyverno CLI: every policy's mutate rules in turn, each on the resource the ones
    // before patched; then the other rules, on the resource as all mutations left it
    const mutating = policies.map((p) => ({ ...p, rules: p.rules.filter((r) => ruleTypeOf(r.raw) === 'mutate') }));
    const others = policies.map((p) => ({ ...p, rules: p.rules.filter((r) => ruleTypeOf(r.raw) !== 'mutate') }));
    for (const resource of resources) {
      const name = resourceRef(resource).name;
      const inputFor = (forPolicy: string, current: JsonObject, cloned: JsonObject[] = []): AdmissionInput => ({
        ...testRequest(current, requestValues(forPolicy, name, operation), values.subresources),
        namespaceLabels: values.namespaceLabels,
        // without a UserInfo file the Kyverno CLI evaluates with an empty user: subjects/roles neither select nor exclude
        userInfo: user?.userInfo ?? {},
        roles: user?.roles ?? [],
        clusterRoles: user?.clusterRoles ?? [],
        cel,
        exceptions,
        valuesFor: (policyName, rule) => values.variablesFor(policyName, rule, name),
        targets: existing,
        // generate rules write to a cluster holding the trigger and the policy's clone sources, as the Kyverno CLI's
        generate: { existing: cloned },
        ...(cluster !== undefined ? { cluster } : {}),
      });
      const evaluate = (policy: Policy, current: JsonObject): RuleResult[] => evaluatePolicy(policy, inputFor(policy.meta.name, current, cloneSources.get(policyKey(policy)) ?? []));
      const results: RuleResult[] = [];
      let current = resource;
      for (const policy of mutating) {
        if ((policy.rules.length === 0 && !isCelMutating(policy)) || policy.unsupported !== undefined) continue;
        const produced = evaluate(policy, current);
        appendAll(results, produced);
        current = [...produced].reverse().find((r) => r.patched !== undefined)?.patched ?? current;
      }
      for (const policy of others) {
        if (isCelMutating(policy) || isLifecycleKind(policy.meta.kind) || (policy.rules.length === 0 && policy.unsupported === undefined && policy.cel === undefined)) continue;
        appendAll(results, evaluate(policy, current));
      }
      for (const policy of lifecycle.policies) appendAll(results, evaluateLifecycle([policy], inputFor(policy.meta.name, current), operation === undefined));
      resultsByResource.set(resource, results);
    }
    return resultsByResource;
  };
  const resultsByResource = evaluateAll();
  // JSON payloads: judged by the ValidatingPolicies in evaluation.mode JSON, `object` the payload
  const payloads: TestPayload[] = [];
  for (const path of spec.jsonPayloads) {
    const loaded = await payloadSource(resolve(base, path));
    appendAll(problems, loaded.problems);
    for (const payload of loaded.payloads) payloads.push({ payload, names: payloadNames(path, payload) });
  }
  const jsonPolicies = policies.filter((p) => p.cel?.jsonMode === true);
  for (const { payload } of payloads) {
    const input = { resource: payload, operation: 'CREATE' as const, jsonPayload: true, userInfo: user?.userInfo ?? {}, cel, exceptions };
    resultsByResource.set(payload, [...jsonPolicies.flatMap((policy) => evaluatePolicy(policy, input)), ...evaluateLifecycle(lifecycle.policies, input, true)]);
  }
  const byOperation = new Map<string, Map<JsonObject, RuleResult[]>>();
  for (const operation of new Set(spec.results.flatMap((r) => (r.operation !== undefined ? [r.operation] : [])))) byOperation.set(operation, evaluateAll(operation));
  const patchedLoader = async (path: string): Promise<JsonObject[]> =>
    (await source(resolve(base, path))).documents.map((d) => d.object);
  const excludedBy = new Set(policies.filter(reportsExcluded).map((p) => p.meta.name));
  const compared = await compareExpected(file, spec, resources, resultsByResource, patchedLoader, byOperation, payloads, (name) => excludedBy.has(name));
  const cases = namingMissing(compared, loadedNames(policies, lifecycle.policies));
  return { file, cases, problems, policies: policies.length, resources: resources.length + payloads.length };
}
