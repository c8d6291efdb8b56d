import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { readCelExceptions } from '../../policy/cel/exceptions.ts';
import { readLifecyclePolicy, type DeletingPolicy } from '../../policy/cel/lifecycle.ts';
import type { AdmissionInput } from '../types.ts';
import { evaluateDeletingPolicy } from './deleting-policy.ts';

function policy(spec: JsonObject, name = 'reap-jobs'): DeletingPolicy {
  const read = readLifecyclePolicy({ apiVersion: 'policies.kyverno.io/v1', kind: 'DeletingPolicy', metadata: { name }, spec: { schedule: '0 * * * *', ...spec } }, 'security');
  expect(read.problems).toEqual([]);
  if (read.policy?.type !== 'deleting') throw new Error('not a deleting policy');
  return read.policy;
}

// no operations listed: a deletion is no admission request, and the operations must not matter
const onConfigMaps = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['configmaps'] }] };
const configMap = (name: string, namespace = 'ops', labels: Record<string, string> = {}): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels } });
const input = (resource: JsonObject, extra: Partial<AdmissionInput> = {}): AdmissionInput => ({ resource, operation: 'CREATE', ...extra });
const temporary = policy({ matchConstraints: onConfigMaps, conditions: [{ name: 'temporary', expression: "object.metadata.name.startsWith('tmp-')" }] });

describe('DeletingPolicy', () => {
  it('passes (deletes) when every condition holds, and fails (keeps) when one is false', () => {
    expect(evaluateDeletingPolicy(temporary, input(configMap('tmp-cache')))[0]).toMatchObject({ status: 'pass', rule: 'reap-jobs' });
    const [kept] = evaluateDeletingPolicy(temporary, input(configMap('settings')));
    expect(kept?.status).toBe('fail');
    expect(kept?.message).toContain('condition temporary is false');
  });

  it('gives no result for a resource its matchConstraints do not select, or without matchConstraints', () => {
    expect(evaluateDeletingPolicy(temporary, input({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tmp-x', namespace: 'ops' } }))).toEqual([]);
    const selective = policy({ matchConstraints: { ...onConfigMaps, objectSelector: { matchLabels: { expires: 'true' } } } });
    expect(evaluateDeletingPolicy(selective, input(configMap('a')))).toEqual([]);
    expect(evaluateDeletingPolicy(selective, input(configMap('a', 'ops', { expires: 'true' })))[0]?.status).toBe('pass');
    expect(evaluateDeletingPolicy(policy({ conditions: [{ name: 'always', expression: 'true' }] }), input(configMap('a')))).toEqual([]);
  });

  it('reads variables, namespaceObject and the cluster resources resource.Get serves', () => {
    const staged = policy({
      matchConstraints: onConfigMaps,
      variables: [{ name: 'switch', expression: 'resource.Get("v1", "configmaps", "ops", "cleanup-switch")' }],
      conditions: [
        { name: 'enabled', expression: "variables.switch.data.enabled == 'yes'" },
        { name: 'scratch-namespace', expression: "namespaceObject.metadata.labels.tier == 'scratch'" },
      ],
    });
    const cel = (enabled: string) => ({
      context: { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cleanup-switch', namespace: 'ops' }, data: { enabled } }], images: {} },
      namespaces: { ops: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { tier: 'scratch' } } } },
    });
    expect(evaluateDeletingPolicy(staged, input(configMap('a'), { cel: cel('yes') }))[0]?.status).toBe('pass');
    expect(evaluateDeletingPolicy(staged, input(configMap('a'), { cel: cel('no') }))[0]?.status).toBe('fail');
  });

  it('is an error when a condition cannot be evaluated, never a pass', () => {
    const broken = policy({ matchConstraints: onConfigMaps, conditions: [{ name: 'owner', expression: "object.metadata.annotations.owner == 'ci'" }] });
    const [result] = evaluateDeletingPolicy(broken, input(configMap('a')));
    expect(result?.status).toBe('error');
    expect(result?.message).toContain('condition owner');
  });

  it('keeps (fails) a resource a CEL PolicyException exempts', () => {
    const exceptions = readCelExceptions([
      {
        apiVersion: 'policies.kyverno.io/v1',
        kind: 'PolicyException',
        metadata: { name: 'keep-pinned', namespace: 'ops' },
        spec: { policyRefs: [{ name: 'reap-jobs', kind: 'DeletingPolicy' }], matchConditions: [{ name: 'pinned', expression: "object.metadata.name.endsWith('-pinned')" }] },
      },
    ]);
    const [kept] = evaluateDeletingPolicy(temporary, input(configMap('tmp-pinned'), { cel: { exceptions } }));
    expect(kept?.status).toBe('fail');
    expect(kept?.message).toContain('ops/keep-pinned');
  });

  it('judges a JSON payload, which has no kind, by its conditions alone', () => {
    const stale = policy({ conditions: [{ name: 'stale', expression: 'object.age > 30' }] });
    expect(evaluateDeletingPolicy(stale, input({ age: 45 }, { jsonPayload: true }))[0]?.status).toBe('pass');
    expect(evaluateDeletingPolicy(stale, input({ age: 3 }, { jsonPayload: true }))[0]?.status).toBe('fail');
  });
});
