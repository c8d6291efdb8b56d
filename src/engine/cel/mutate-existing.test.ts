import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../core/json.ts';
import { loadPolicies } from '../../policy/load.ts';
import { evaluatePolicy } from '../evaluate.ts';

const policy = (targetMatch: string): string => `
apiVersion: policies.kyverno.io/v1
kind: MutatingPolicy
metadata: { name: stamp-settings }
spec:
  evaluation:
    mutateExisting:
      enabled: true
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [deployments]
  matchConditions:
    - name: labelled
      expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
  targetMatchConstraints:
${targetMatch}
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: >
          Object{ metadata: Object.metadata{ annotations: {"stamped-by": "settings-policy"} } }
`;

const BY_RULES = `    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [configmaps]`;
const BY_EXPRESSION = `    expression: resource.Get("v1", "configmaps", object.metadata.namespace, "settings")`;

const deployment = (labels: Record<string, string>): JsonObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels }, spec: {} });
const configMap = (name: string, namespace = 'shop'): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { a: '1' } });
const secret: JsonObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'shop' } };

function run(targetMatch: string, resource: JsonObject, targets: JsonObject[]) {
  const loaded = loadPolicies([{ object: parse(policy(targetMatch)) as JsonObject, file: 'p.yaml', documentIndex: 0 }], 'operations');
  expect(loaded.problems).toEqual([]);
  return evaluatePolicy(loaded.policies[0]!, { resource, operation: 'CREATE', targets });
}

describe('MutatingPolicy mutateExisting', () => {
  it('mutates every existing resource the target resourceRules select, one result per target', () => {
    const results = run(BY_RULES, deployment({ team: 'a' }), [configMap('settings'), configMap('other'), secret]);
    expect(results).toHaveLength(1);
    const targets = results[0]!.targets ?? [];
    expect(targets.map((t) => [(t.resource['metadata'] as JsonObject)['name'], t.status])).toEqual([
      ['settings', 'pass'],
      ['other', 'pass'],
    ]);
    expect((targets[0]!.patched!['metadata'] as JsonObject)['annotations']).toEqual({ 'stamped-by': 'settings-policy' });
    expect(targets[0]!.patched!['data']).toEqual({ a: '1' });
  });

  it('selects the targets an expression returns (resource.Get over the existing resources)', () => {
    const results = run(BY_EXPRESSION, deployment({ team: 'a' }), [configMap('settings'), configMap('other'), configMap('settings', 'elsewhere')]);
    const targets = results[0]!.targets ?? [];
    expect(targets.map((t) => `${(t.resource['metadata'] as JsonObject)['namespace']}/${(t.resource['metadata'] as JsonObject)['name']}`)).toEqual(['shop/settings']);
    expect(targets[0]!.status).toBe('pass');
  });

  it('does nothing when the trigger does not match or its match conditions are false', () => {
    expect(run(BY_RULES, secret, [configMap('settings')])).toEqual([]);
    const unlabelled = run(BY_RULES, deployment({}), [configMap('settings')]);
    expect(unlabelled.map((r) => r.status)).toEqual(['skip']);
    expect(unlabelled[0]!.targets).toBeUndefined();
  });
});
