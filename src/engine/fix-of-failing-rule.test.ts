/**
 * fixOfFailingRule derives a failing rule's fix without evaluating the rule again: where it
 * answers, its fix is the one evaluating the policy with fixes gives; where it cannot be
 * sure (a PolicyException naming the policy), it says so.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinFixResources } from '../../test/builtin-fix-resources.ts';
import type { JsonObject } from '../core/json.ts';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import { configVariables } from '../config/policy-variables.ts';
import { loadPolicyDirs } from '../pipeline/load-policy-dirs.ts';
import { loadPolicies } from '../policy/load.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import { evaluatePolicy, fixOfFailingRule } from './evaluate.ts';

const root = join(import.meta.dirname, '..', '..');

describe('fixOfFailingRule', () => {
  it('gives the fix evaluating the policy gives, for every failing rule of the built-in policies and their test resources', async () => {
    const { policies } = await loadPolicyDirs([join(root, 'policies')]);
    let compared = 0;
    // as the CLI checks them: with the configuration's variables (allowed registries …)
    const variables = configVariables(DEFAULT_CONFIG);
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    for (const resource of builtinFixResources()) {
      for (const policy of policies) {
        const input = { resource, operation: 'CREATE' as const, valuesFor: () => variables };
        for (const result of evaluatePolicy(policy, { ...input, deriveFixes: true })) {
          if (result.status !== 'fail' && result.status !== 'warn') continue;
          const alone = fixOfFailingRule(policy, result.rule, input);
          expect(alone).not.toBe('unknown');
          if (alone === 'unknown') continue;
          expect(alone.fix).toEqual(result.fix);
          if (result.fix) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('loads a rule\'s context and its Values-file variables; leaves to the caller a policy a PolicyException names', () => {
    const raw: JsonObject = {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'team-label', annotations: { 'preadmit.dev/fix.has-team': 'patchStrategicMerge: {metadata: {labels: {team: platform}}}', 'preadmit.dev/fix.with-context': 'patchStrategicMerge: {metadata: {labels: {team: platform}}}' } },
      spec: {
        rules: [
          { name: 'has-team', match: { any: [{ resources: { kinds: ['ConfigMap'] } }] }, validate: { message: 'team', pattern: { metadata: { labels: { team: '?*' } } } } },
          { name: 'with-context', match: { any: [{ resources: { kinds: ['ConfigMap'] } }] }, context: [{ name: 'x', variable: { value: 1 } }], validate: { message: 'team', pattern: { metadata: { labels: { team: '?*' } } } } },
        ],
      },
    };
    const loaded = loadPolicies([{ object: raw, file: 'p.yaml', documentIndex: 0 }], 'developer');
    expect(loaded.problems).toEqual([]);
    const policy = loaded.policies[0];
    if (!policy) throw new Error('no policy');
    const resource: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const input = { resource, operation: 'CREATE' as const };
    const alone = fixOfFailingRule(policy, 'has-team', input);
    expect(alone).toEqual({ fix: evaluatePolicy(policy, { ...input, deriveFixes: true })[0]?.fix });
    expect(alone === 'unknown' ? undefined : alone.fix).toBeDefined();
    expect(fixOfFailingRule(policy, 'with-context', input)).toEqual({ fix: evaluatePolicy(policy, { ...input, deriveFixes: true })[1]?.fix });
    // Values-file variables reach the fix as they reach the rule
    const valued = { ...input, valuesFor: () => ({ 'request.object.metadata.labels.team': 'web' }) };
    expect(fixOfFailingRule(policy, 'has-team', valued)).toEqual({ fix: evaluatePolicy(policy, { ...valued, deriveFixes: true })[0]?.fix });
    const exception = loadExceptions([
      {
        object: { apiVersion: 'kyverno.io/v2', kind: 'PolicyException', metadata: { name: 'e' }, spec: { exceptions: [{ policyName: 'team-label', ruleNames: ['has-team'] }], match: { any: [{ resources: { kinds: ['ConfigMap'] } }] } } },
        file: 'e.yaml',
        documentIndex: 0,
      },
    ]).exceptions;
    expect(exception).toHaveLength(1);
    expect(fixOfFailingRule(policy, 'has-team', { ...input, exceptions: exception })).toBe('unknown');
  });
});
