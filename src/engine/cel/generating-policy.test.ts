import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { readCelExceptions } from '../../policy/cel/exceptions.ts';
import { readLifecyclePolicy, type GeneratingPolicy } from '../../policy/cel/lifecycle.ts';
import type { AdmissionInput } from '../types.ts';
import { evaluateGeneratingPolicy } from './generating-policy.ts';

function policy(spec: JsonObject, kind = 'GeneratingPolicy', namespace?: string): GeneratingPolicy {
  const metadata: JsonObject = { name: 'team-defaults' };
  if (namespace !== undefined) metadata['namespace'] = namespace;
  const read = readLifecyclePolicy({ apiVersion: 'policies.kyverno.io/v1', kind, metadata, spec }, 'security');
  expect(read.problems).toEqual([]);
  if (read.policy?.type !== 'generating') throw new Error('not a generating policy');
  return read.policy;
}

const onNamespaces = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['namespaces'] }] };
const namespace = (name: string, labels: Record<string, string> = {}): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const input = (resource: JsonObject, extra: Partial<AdmissionInput> = {}): AdmissionInput => ({ resource, operation: 'CREATE', ...extra });

const quota = {
  matchConstraints: onNamespaces,
  variables: [{ name: 'ns', expression: 'object.metadata.name' }],
  generate: [{ expression: 'generator.Apply(variables.ns, [{"apiVersion": dyn("v1"), "kind": dyn("ResourceQuota"), "metadata": dyn({"name": "quota"}), "spec": dyn({"hard": {"pods": "10"}})}])' }],
};

describe('GeneratingPolicy', () => {
  it('generates into the namespace generator.Apply names, and passes', () => {
    const [result] = evaluateGeneratingPolicy(policy(quota), input(namespace('billing')));
    expect(result?.status).toBe('pass');
    expect(result?.ruleType).toBe('generate');
    expect(result?.generated).toEqual([{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: 'billing' }, spec: { hard: { pods: '10' } } }]);
  });

  it('gives no result for a resource its matchConstraints do not select, or when a matchCondition is false', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'billing' } };
    expect(evaluateGeneratingPolicy(policy(quota), input(pod))).toEqual([]);
    const labelled = policy({ ...quota, matchConditions: [{ name: 'opted-in', expression: "object.metadata.?labels.quota.orValue('') == 'yes'" }] });
    expect(evaluateGeneratingPolicy(labelled, input(namespace('billing')))).toEqual([]);
    expect(evaluateGeneratingPolicy(labelled, input(namespace('billing', { quota: 'yes' })))[0]?.status).toBe('pass');
  });

  it('clones what resource.List finds, without its server-set metadata, and its owners when it leaves their namespace', () => {
    const source = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull', namespace: 'platform', uid: 'u-1', resourceVersion: '7', annotations: { a: 'b' }, ownerReferences: [{ uid: 'o-1' }] },
      data: { token: 'eA==' },
    };
    const cloning = policy({
      matchConstraints: onNamespaces,
      variables: [{ name: 'secrets', expression: 'resource.List("v1", "secrets", "platform")' }],
      generate: [{ expression: 'generator.apply(object.metadata.name, [variables.secrets])' }],
    });
    const [result] = evaluateGeneratingPolicy(cloning, input(namespace('billing'), { cel: { context: { resources: [source], images: {} } } }));
    expect(result?.generated).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'billing' }, data: { token: 'eA==' } }]);
  });

  it('puts cluster-scoped resources in no namespace, and a namespaced policy may not create them', () => {
    const binding = '[{"apiVersion": dyn("rbac.authorization.k8s.io/v1"), "kind": dyn("ClusterRoleBinding"), "metadata": dyn({"name": "view-" + object.metadata.name})}]';
    const [cluster] = evaluateGeneratingPolicy(policy({ matchConstraints: onNamespaces, generate: [{ expression: `generator.Apply("anywhere", ${binding})` }] }), input(namespace('billing')));
    expect(cluster?.generated).toEqual([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'view-billing' } }]);
    const onPods = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] };
    const namespaced = policy({ matchConstraints: onPods, generate: [{ expression: `generator.Apply(${binding.replaceAll('object.metadata.name', 'object.metadata.namespace')})` }] }, 'NamespacedGeneratingPolicy', 'billing');
    const [refused] = evaluateGeneratingPolicy(namespaced, input({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'billing' } }));
    expect(refused?.status).toBe('error');
    expect(refused?.message).toContain('cannot generate the cluster-scoped ClusterRoleBinding');
  });

  it('is an error, not a pass, when an expression cannot be evaluated', () => {
    const needsUid = policy({ ...quota, variables: [{ name: 'ns', expression: 'object.metadata.uid' }] });
    const [result] = evaluateGeneratingPolicy(needsUid, input(namespace('billing')));
    expect(result?.status).toBe('error');
    expect(result?.message).toContain('spec.generate[0]');
    expect(result?.generated).toBeUndefined();
  });

  it('is skipped where a CEL PolicyException naming it holds', () => {
    const exceptions = readCelExceptions([
      {
        apiVersion: 'policies.kyverno.io/v1',
        kind: 'PolicyException',
        metadata: { name: 'not-in-sandbox' },
        spec: { policyRefs: [{ name: 'team-defaults', kind: 'GeneratingPolicy' }], matchConditions: [{ name: 'sandbox', expression: "object.metadata.name == 'sandbox'" }] },
      },
    ]);
    const [skipped] = evaluateGeneratingPolicy(policy(quota), input(namespace('sandbox'), { cel: { exceptions } }));
    expect(skipped).toMatchObject({ status: 'skip', message: 'rule is skipped due to policy exception: not-in-sandbox' });
    expect(evaluateGeneratingPolicy(policy(quota), input(namespace('billing'), { cel: { exceptions } }))[0]?.status).toBe('pass');
  });

  it('renders templates: literally without interpolation, placeholders as CEL with it', () => {
    const literal = policy({ matchConstraints: onNamespaces, generate: [{ template: { value: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: note\n  namespace: ops\ndata:\n  text: (( kept ))\n' } }] });
    expect(evaluateGeneratingPolicy(literal, input(namespace('billing')))[0]?.generated).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'note', namespace: 'ops' }, data: { text: '(( kept ))' } }]);
    const value = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: (( object.metadata.name ))-settings',
      '  namespace: (( object.metadata.name ))',
      `  labels: '(( {"owner": "platform"} ))'`,
      'data:',
      '  size: "(( 2 * 3 )) pods"',
      '  raw: \\(( not evaluated ))',
    ].join('\n');
    const interpolated = policy({ matchConstraints: onNamespaces, generate: [{ template: { interpolate: 'cel', value } }] });
    expect(evaluateGeneratingPolicy(interpolated, input(namespace('billing')))[0]?.generated).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'billing-settings', namespace: 'billing', labels: { owner: 'platform' } }, data: { size: '6 pods', raw: '(( not evaluated ))' } },
    ]);
  });

  it('refuses a placeholder in a key, and a structured value inside a string', () => {
    const keyed = policy({ matchConstraints: onNamespaces, generate: [{ template: { interpolate: 'cel', value: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  (( object.metadata.name )): v\n' } }] });
    expect(evaluateGeneratingPolicy(keyed, input(namespace('billing')))[0]?.message).toContain('placeholders are not allowed in keys');
    const embedded = policy({ matchConstraints: onNamespaces, generate: [{ template: { interpolate: 'cel', value: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x-(( [1] ))\n' } }] });
    const [result] = evaluateGeneratingPolicy(embedded, input(namespace('billing')));
    expect(result?.status).toBe('error');
    expect(result?.message).toContain('must give a scalar');
  });
});
