import type { JsonObject } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import type { RuleResult, RuleStatus } from '../engine/types.ts';
import { compareGenerated } from './generated.ts';
import { findCounterpart, samePatched } from './patched.ts';
import type { ExpectedResult, TestSpec } from './test-spec.ts';
import { appendAll } from '../core/append-all.ts';

/** One (policy, rule, resource) comparison, the unit of `--json` output. */
export interface CaseResult {
  file: string;
  policy: string;
  rule: string;
  kind: string;
  resource: string;
  expected: RuleStatus;
  /**
   * `not found` when the resource is not among the test's resources; `no result` when the
   * rule gave no result for it (it does not select the resource).
   */
  actual: RuleStatus | 'not found' | 'no result';
  ok: boolean;
  message: string;
  /**
   * False when the result was not compared: the test's patched resource file has no
   * counterpart of the resource, and Kyverno's CLI skips such a result ("not found in manifest").
   */
  compared?: false;
}

function resourcesNamed(resources: readonly JsonObject[], kind: string, name: string, namespace?: string): JsonObject[] {
  const [ns, short] = name.includes('/') ? name.split('/', 2) : [namespace, name];
  return resources.filter((r) => {
    const ref = resourceRef(r);
    if (kind !== '' && ref.kind !== kind) return false;
    if (ref.name !== short) return false;
    return ns === undefined || ns === '' || (ref.namespace ?? 'default') === ns || ref.namespace === ns;
  });
}

/**
 * Does a result's rule name answer for the test's `rule`? As Kyverno's CLI: the rule itself and
 * the rules auto-generated from it for Pod controllers and CronJobs.
 */
export function ruleNameMatches(expected: string, actual: string): boolean {
  return actual === expected || actual === `autogen-${expected}` || actual === `autogen-cronjob-${expected}`;
}

async function compareOne(
  file: string,
  expected: ExpectedResult,
  name: string,
  resources: readonly JsonObject[],
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
): Promise<CaseResult> {
  const base = { file, policy: expected.policy, rule: expected.rule ?? '', kind: expected.kind, resource: name, expected: expected.result };
  const candidates = resourcesNamed(resources, expected.kind, name, expected.namespace);
  if (candidates.length === 0) {
    const target = await compareTarget(base, expected, name, results, loadPatched);
    if (target) return target;
    return { ...base, actual: 'not found', ok: false, message: `resource ${expected.kind}/${name} is not among the test's resources` };
  }
  // as kyverno test: a name without a namespace stands for every resource of that name, and each
  // the policy gave results for must agree (the others are the rows kyverno test calls excluded)
  const evaluated = candidates.filter((r) => (results.get(r) ?? []).some((x) => x.policy.name === policyName(expected.policy)));
  const cases: CaseResult[] = [];
  for (const resource of evaluated.length > 0 ? evaluated : candidates.slice(0, 1)) cases.push(await compareResource(base, expected, resource, results, loadPatched));
  return cases.find((c) => !c.ok) ?? (cases[0] as CaseResult);
}

type CaseBase = Omit<CaseResult, 'actual' | 'ok' | 'message'>;

/** Policy kinds whose results have no rule of their own (as kyverno test's isRulelessPolicyKind). */
const RULELESS_KINDS: ReadonlySet<string> = new Set([
  'ValidatingPolicy',
  'NamespacedValidatingPolicy',
  'ValidatingAdmissionPolicy',
  'MutatingPolicy',
  'NamespacedMutatingPolicy',
  'MutatingAdmissionPolicy',
  'ImageValidatingPolicy',
  'NamespacedImageValidatingPolicy',
  'GeneratingPolicy',
  'NamespacedGeneratingPolicy',
  'DeletingPolicy',
  'NamespacedDeletingPolicy',
]);

/** `namespace/name` in a test result names a namespaced Policy; kyverno test compares the name. */
function policyName(policy: string): string {
  return policy.slice(policy.lastIndexOf('/') + 1);
}

async function compareResource(
  base: CaseBase,
  expected: ExpectedResult,
  resource: JsonObject,
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
): Promise<CaseResult> {
  const fromPolicy = (results.get(resource) ?? []).filter((r) => r.policy.name === policyName(expected.policy));
  // policy kinds without rules (ValidatingPolicy …): every result of the policy answers, whatever `rule` the test names
  const ruleless = expected.rule === undefined || expected.celKind === true;
  const forRule = ruleless ? fromPolicy : fromPolicy.filter((r) => RULELESS_KINDS.has(r.policy.kind) || ruleNameMatches(expected.rule as string, r.rule));
  const actualResult = forRule.find((r) => r.status === expected.result) ?? forRule[0];
  if (!actualResult) {
    // No result for this rule: the rule does not select the resource. Only an expected `skip`
    // agrees with that; an expected pass or fail is never satisfied by the absence of results.
    return {
      ...base,
      actual: 'no result',
      ok: expected.result === 'skip',
      message: 'the rule gave no result for this resource (it does not select it)',
    };
  }
  // kyverno test: an expected `fail` with patchedResources means the patch must NOT produce that resource
  if (expected.result === 'fail' && expected.patchedResources && actualResult.ruleType === 'mutate' && actualResult.status === 'pass') {
    const finalPatched = [...fromPolicy].reverse().find((r) => r.patched !== undefined)?.patched;
    const patched = await loadPatched(expected.patchedResources);
    const same = finalPatched !== undefined && samePatched(findCounterpart(patched, finalPatched), finalPatched);
    return {
      ...base,
      actual: same ? 'pass' : 'fail',
      ok: !same,
      message: same ? `patched resource equals ${expected.patchedResources}, which the test expects to differ` : `patched resource differs from ${expected.patchedResources}, as the test expects`,
    };
  }
  // a generate rule: what it generated against the test's generatedResource, as kyverno test compares them
  const generated = await compareGenerated(expected, actualResult, loadPatched);
  if (generated !== undefined) return { ...base, actual: actualResult.status, ...generated };
  let ok = actualResult.status === expected.result;
  let message = actualResult.message;
  // the patched resource of a policy is the one after all its rules applied
  const finalPatched = [...fromPolicy].reverse().find((r) => r.patched !== undefined)?.patched;
  if (ok && actualResult.status === 'pass' && expected.patchedResources && finalPatched) {
    const patched = await loadPatched(expected.patchedResources);
    const counterpart = findCounterpart(patched, finalPatched);
    if (counterpart === undefined) {
      return {
        ...base,
        actual: actualResult.status,
        ok: true,
        compared: false,
        message: `not compared: ${expected.patchedResources} has no ${resourceRef(finalPatched).kind}/${resourceRef(finalPatched).name} (Kyverno's CLI skips such a result)`,
      };
    }
    if (!samePatched(counterpart, finalPatched)) {
      ok = false;
      message = `patched resource differs from ${expected.patchedResources}`;
    }
  }
  return { ...base, actual: actualResult.status, ok, message };
}

/**
 * An expected result naming an existing resource a mutate-existing rule targets (a test's
 * `targetResources`). kyverno test reports the patched target; a target the rule did not
 * change gives it no row at all, so it is not a failure there either.
 */
async function compareTarget(
  base: CaseBase,
  expected: ExpectedResult,
  name: string,
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
): Promise<CaseResult | undefined> {
  const targets = [...results.values()]
    .flat()
    .filter((r) => r.policy.name === policyName(expected.policy) && (expected.rule === undefined || ruleNameMatches(expected.rule, r.rule)))
    .flatMap((r) => r.targets ?? []);
  const named = resourcesNamed(targets.map((t) => t.resource), expected.kind, name, expected.namespace);
  const found = targets.filter((t) => named.includes(t.resource));
  if (found.length === 0) return undefined;
  const patched = found.find((t) => t.patched !== undefined);
  if (!patched?.patched) {
    const first = found[0] as (typeof found)[number];
    return {
      ...base,
      actual: first.status,
      ok: first.status === expected.result || first.status === 'skip',
      message: `${first.message}: the rule did not change this existing resource, for which kyverno test reports no result`,
    };
  }
  let ok = expected.result === 'pass';
  let message = patched.message;
  if (ok && expected.patchedResources) {
    const files = await loadPatched(expected.patchedResources);
    if (!samePatched(findCounterpart(files, patched.patched), patched.patched)) {
      ok = false;
      message = `patched resource differs from ${expected.patchedResources}`;
    }
  }
  return { ...base, actual: 'pass', ok, message };
}

/**
 * A result that names no resources answers for every resource the policy gave results for, as
 * in Kyverno's CLI; when there is none (or the test is about payloads, which are not
 * Kubernetes resources) it is one mismatch that says so — never a silent pass.
 */
async function compareUnnamed(
  file: string,
  spec: TestSpec,
  expected: ExpectedResult,
  resources: readonly JsonObject[],
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
  payloads: readonly TestPayload[],
): Promise<CaseResult[]> {
  const byPolicy = (r: JsonObject): boolean => (results.get(r) ?? []).some((x) => x.policy.name === policyName(expected.policy));
  if (expected.kind === '' && payloads.length > 0) {
    // a JSON payload has no kind or name: the result answers for every payload the policy judged
    const judged = payloads.filter((p) => byPolicy(p.payload));
    if (judged.length > 0) return Promise.all(judged.map((p) => comparePayload(file, expected, p, results, loadPatched)));
    const message = `the policy gave no result for the test's JSON payloads: only a ValidatingPolicy with spec.evaluation.mode: JSON judges them`;
    return [{ file, policy: expected.policy, rule: expected.rule ?? '', kind: '', resource: '', expected: expected.result, actual: 'no result', ok: false, message }];
  }
  const named = resources.filter(byPolicy);
  if (named.length > 0) {
    const cases: CaseResult[] = [];
    for (const r of named) cases.push(await compareOne(file, { ...expected, kind: resourceRef(r).kind }, `${resourceRef(r).namespace ?? ''}/${resourceRef(r).name}`.replace(/^\//, ''), resources, results, loadPatched));
    return cases;
  }
  const message =
    spec.payloads.length > 0
      ? `the test checks ${spec.payloads.join(', ')}, which preadmit does not evaluate (it judges Kubernetes resources)`
      : 'the result names no resources and the policy gave no result for any resource of the test';
  return [{ file, policy: expected.policy, rule: expected.rule ?? '', kind: expected.kind, resource: '', expected: expected.result, actual: 'not found', ok: false, message }];
}

/** A JSON payload of a test, with the names a result may give it: its file (as written, and its base name), its metadata.name. */
export interface TestPayload {
  payload: JsonObject;
  names: string[];
}

function comparePayload(
  file: string,
  expected: ExpectedResult,
  { payload, names }: TestPayload,
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
): Promise<CaseResult> {
  const base = { file, policy: expected.policy, rule: expected.rule ?? '', kind: '', resource: names[0] ?? '', expected: expected.result };
  return compareResource(base, expected, payload, results, loadPatched);
}

/** Compare every expected result of a test with what the engine produced. */
export async function compareExpected(
  file: string,
  spec: TestSpec,
  resources: readonly JsonObject[],
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
  /** Results of runs with the operation a test result names (`operation: DELETE`). */
  byOperation: ReadonlyMap<string, ReadonlyMap<JsonObject, RuleResult[]>> = new Map(),
  /** The test's JSON payloads (their results are in `results` too). */
  payloads: readonly TestPayload[] = [],
  /** Does kyverno test call a resource this policy gives no result for "excluded", a passing row (see excluded-pass.ts)? */
  reportsExcluded: (policy: string) => boolean = () => false,
): Promise<CaseResult[]> {
  const cases = await compareAll(file, spec, resources, results, loadPatched, byOperation, payloads);
  return cases.map((c) => (c.actual === 'no result' && !c.ok && reportsExcluded(policyName(c.policy)) ? withExcludedNote(c) : c));
}

/**
 * A row kyverno test reports as excluded, passing it without a comparison. Here nothing compared
 * is never a pass: the row fails, and says why the two tools differ on it.
 */
function withExcludedNote(c: CaseResult): CaseResult {
  return {
    ...c,
    message: `the policy gives no result for this resource (it does not select it), so the expected ${c.expected} cannot be confirmed; kyverno test reports such a row as "excluded" and passes it without comparing anything. Expect skip, or drop the row if the resource is not meant to be selected.`,
  };
}

async function compareAll(
  file: string,
  spec: TestSpec,
  resources: readonly JsonObject[],
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
  byOperation: ReadonlyMap<string, ReadonlyMap<JsonObject, RuleResult[]>>,
  payloads: readonly TestPayload[],
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const expected of spec.results) {
    const forOperation = expected.operation !== undefined ? (byOperation.get(expected.operation) ?? results) : results;
    if (expected.resources.length === 0) {
      appendAll(cases, await compareUnnamed(file, spec, expected, resources, forOperation, loadPatched, payloads));
      continue;
    }
    for (const name of expected.resources) {
      const payload = expected.kind === '' ? payloads.find((p) => p.names.includes(name)) : undefined;
      if (payload) {
        cases.push(await comparePayload(file, expected, payload, forOperation, loadPatched));
        continue;
      }
      const compared = await compareOne(file, expected, name, resources, forOperation, loadPatched);
      if (compared.actual === 'not found' && spec.payloads.length > 0) {
        compared.message = `${name} is one of the test's ${spec.payloads.join(', ')}, which preadmit does not evaluate (it judges Kubernetes resources)`;
      }
      cases.push(compared);
    }
  }
  return cases;
}
