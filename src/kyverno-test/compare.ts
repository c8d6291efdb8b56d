import type { JsonObject } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import type { RuleResult, RuleStatus } from '../engine/types.ts';
import { findCounterpart, samePatched } from './patched.ts';
import type { ExpectedResult, TestSpec } from './test-spec.ts';

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
    return { ...base, actual: 'not found', ok: false, message: `resource ${expected.kind}/${name} is not among the test's resources` };
  }
  const resource = candidates[0] as JsonObject;
  const fromPolicy = (results.get(resource) ?? []).filter((r) => r.policy.name === expected.policy);
  const forRule = expected.rule === undefined ? fromPolicy : fromPolicy.filter((r) => ruleNameMatches(expected.rule as string, r.rule));
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
  let ok = actualResult.status === expected.result;
  let message = actualResult.message;
  // the patched resource of a policy is the one after all its rules applied
  const finalPatched = [...fromPolicy].reverse().find((r) => r.patched !== undefined)?.patched;
  if (ok && actualResult.status === 'pass' && expected.patchedResources && finalPatched) {
    const patched = await loadPatched(expected.patchedResources);
    if (!samePatched(findCounterpart(patched, finalPatched), finalPatched)) {
      ok = false;
      message = `patched resource differs from ${expected.patchedResources}`;
    }
  }
  return { ...base, actual: actualResult.status, ok, message };
}

/** Compare every expected result of a test with what the engine produced. */
export async function compareExpected(
  file: string,
  spec: TestSpec,
  resources: readonly JsonObject[],
  results: ReadonlyMap<JsonObject, RuleResult[]>,
  loadPatched: (path: string) => Promise<JsonObject[]>,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const expected of spec.results) {
    for (const name of expected.resources) {
      cases.push(await compareOne(file, expected, name, resources, results, loadPatched));
    }
  }
  return cases;
}
