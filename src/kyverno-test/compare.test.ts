import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import type { RuleResult, RuleStatus } from '../engine/types.ts';
import { compareExpected, ruleNameMatches } from './compare.ts';
import type { ExpectedResult, TestSpec } from './test-spec.ts';

const deployment: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };
const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } };

function result(rule: string, status: RuleStatus, policy = 'require-labels'): RuleResult {
  return {
    policy: { name: policy, kind: 'ClusterPolicy', severity: 'medium', layer: 'security' },
    rule,
    ruleType: 'validate',
    status,
    message: `${rule} ${status}`,
    paths: [],
    action: 'Audit',
  };
}

function spec(results: ExpectedResult[]): TestSpec {
  return { name: 't', policies: [], resources: [], exceptions: [], paramResources: [], payloads: [], jsonPayloads: [], results };
}

async function compare(expected: ExpectedResult, resource: JsonObject, results: RuleResult[]) {
  const cases = await compareExpected('t.yaml', spec([expected]), [resource], new Map([[resource, results]]), async () => []);
  expect(cases).toHaveLength(1);
  return cases[0];
}

describe('ruleNameMatches', () => {
  it('answers for the rule and its auto-generated controller rules only', () => {
    expect(ruleNameMatches('check', 'check')).toBe(true);
    expect(ruleNameMatches('check', 'autogen-check')).toBe(true);
    expect(ruleNameMatches('check', 'autogen-cronjob-check')).toBe(true);
    expect(ruleNameMatches('check', 'check-other')).toBe(false);
    expect(ruleNameMatches('check', 'autogen-other')).toBe(false);
  });
});

describe('compareExpected', () => {
  it('compares a Deployment result of the autogen rule with the test named by the Pod rule', async () => {
    const base = { policy: 'require-labels', rule: 'check', kind: 'Deployment', resources: ['web'] };
    const agree = await compare({ ...base, result: 'fail' }, deployment, [result('autogen-check', 'fail')]);
    expect(agree).toMatchObject({ actual: 'fail', ok: true });
    const disagree = await compare({ ...base, result: 'pass' }, deployment, [result('autogen-check', 'fail')]);
    expect(disagree).toMatchObject({ actual: 'fail', ok: false });
  });

  it('never satisfies an expected pass or fail by the absence of results', async () => {
    for (const want of ['pass', 'fail'] as const) {
      const noResults = await compare({ policy: 'require-labels', rule: 'check', kind: 'Pod', resources: ['p'], result: want }, pod, []);
      expect(noResults).toMatchObject({ actual: 'no result', ok: false });
      // other rules of the policy gave results, this one did not
      const otherRule = await compare({ policy: 'require-labels', rule: 'check', kind: 'Pod', resources: ['p'], result: want }, pod, [result('other', want)]);
      expect(otherRule).toMatchObject({ actual: 'no result', ok: false });
    }
  });

  it('accepts the absence of results only for an expected skip, and says so', async () => {
    const skipped = await compare({ policy: 'require-labels', rule: 'check', kind: 'Pod', resources: ['p'], result: 'skip' }, pod, []);
    expect(skipped).toMatchObject({ actual: 'no result', ok: true });
  });

  it('compares every result of a policy without rules when the test names no rule', async () => {
    const vpol = await compare({ policy: 'require-labels', kind: 'Pod', resources: ['p'], result: 'pass' }, pod, [result('require-labels', 'pass')]);
    expect(vpol).toMatchObject({ actual: 'pass', ok: true });
  });
});
