import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicy } from './evaluate.ts';
import type { RuleResult } from './types.ts';

const policyWith = (rule: JsonObject, kind = 'ClusterPolicy', namespace?: string) => {
  const loaded = loadPolicies(
    [
      {
        file: 'p.yaml',
        documentIndex: 0,
        object: {
          apiVersion: 'kyverno.io/v1',
          kind,
          metadata: { name: 'team-defaults', ...(namespace !== undefined ? { namespace } : {}) },
          spec: { rules: [{ name: 'seed', match: { any: [{ resources: { kinds: ['Namespace'] } }] }, ...rule }] },
        },
      },
    ],
    'operations',
  );
  expect(loaded.problems).toEqual([]);
  const policy = loaded.policies[0];
  if (!policy) throw new Error('policy did not load');
  return policy;
};

const namespace = (name: string, labels: Record<string, string> = {}): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const evaluate = (rule: JsonObject, resource: JsonObject, existing: JsonObject[] = []): RuleResult => {
  const [result] = evaluatePolicy(policyWith(rule), { resource, operation: 'CREATE', deriveFixes: false, generate: { existing } });
  if (!result) throw new Error('no result');
  return result;
};

const labelsOf = (resource: JsonObject | undefined): unknown => (resource?.['metadata'] as JsonObject | undefined)?.['labels'];

describe('generate rules (evaluated when something stands in for the cluster)', () => {
  it('is still reported unevaluated without it, as preadmit check reports it', () => {
    const rule = { generate: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'y', data: {} } };
    const [result] = evaluatePolicy(policyWith(rule), { resource: namespace('shop'), operation: 'CREATE' });
    expect(result?.status).toBe('error');
    expect(result?.message).toBe('generate rules create other resources and are not evaluated by preadmit');
    expect(result?.generated).toBeUndefined();
  });

  it('creates data with variables substituted in name, namespace and body, with Kyverno labels', () => {
    const result = evaluate(
      {
        generate: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: '{{ request.object.metadata.name }}-owner',
          namespace: '{{ request.object.metadata.name }}',
          synchronize: true,
          data: { metadata: { labels: { team: '{{ request.object.metadata.labels.team }}' } }, data: { contact: 'ops@{{ request.object.metadata.name }}.example' } },
        },
      },
      namespace('shop', { team: 'blue' }),
    );
    expect(result.status).toBe('pass');
    expect(result.message).toBe('generated v1 ConfigMap shop/shop-owner');
    expect(result.generated).toHaveLength(1);
    const [made] = result.generated ?? [];
    expect(made).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-owner', namespace: 'shop' }, data: { contact: 'ops@shop.example' } });
    expect(labelsOf(made)).toMatchObject({
      team: 'blue',
      'app.kubernetes.io/managed-by': 'kyverno',
      'generate.kyverno.io/policy-name': 'team-defaults',
      'generate.kyverno.io/rule-name': 'seed',
      'generate.kyverno.io/trigger-kind': 'Namespace',
      'generate.kyverno.io/trigger-version': 'v1',
    });
  });

  it('a whole-value variable keeps its type (a mapping), and the data kind is kept', () => {
    const result = evaluate(
      { generate: { apiVersion: 'v1', kind: 'ConfigMap', name: 'copy', namespace: 'shop', data: { data: '{{ request.object.metadata.labels }}' } } },
      namespace('shop', { team: 'blue', tier: 'gold' }),
    );
    expect(result.generated?.[0]?.['data']).toEqual({ team: 'blue', tier: 'gold' });
  });

  it('clones a source that exists, without what the API server owns, into the target', () => {
    const source = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull', namespace: 'vault', uid: 'u-1', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z', labels: { shared: 'yes' }, ownerReferences: [{ kind: 'X', name: 'y' }] },
      type: 'Opaque',
      data: { token: 'c2VjcmV0' },
    };
    const result = evaluate(
      { generate: { apiVersion: 'v1', kind: 'Secret', name: 'pull', namespace: '{{ request.object.metadata.name }}', clone: { namespace: 'vault', name: 'pull' } } },
      namespace('shop'),
      [source],
    );
    expect(result.status).toBe('pass');
    const [made] = result.generated ?? [];
    expect(made).toMatchObject({ kind: 'Secret', type: 'Opaque', data: { token: 'c2VjcmV0' }, metadata: { name: 'pull', namespace: 'shop' } });
    const metadata = made?.['metadata'] as JsonObject;
    for (const owned of ['uid', 'resourceVersion', 'creationTimestamp', 'ownerReferences']) expect(metadata[owned]).toBeUndefined();
    expect(labelsOf(made)).toMatchObject({ shared: 'yes', 'generate.kyverno.io/source-namespace': 'vault', 'app.kubernetes.io/managed-by': 'kyverno' });
  });

  it('a clone source that is not there is an error that says where to give it', () => {
    const result = evaluate({ generate: { apiVersion: 'v1', kind: 'Secret', name: 'pull', namespace: 'shop', clone: { namespace: 'vault', name: 'pull' } } }, namespace('shop'));
    expect(result.status).toBe('error');
    expect(result.message).toContain('the clone source v1 Secret vault/pull does not exist');
    expect(result.message).toContain('cloneSourceResource');
    expect(result.generated).toBeUndefined();
  });

  it('cloneList copies the sources its selector selects, each under its own name', () => {
    const secret = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'vault', labels }, data: { k: 'dg==' } });
    const result = evaluate(
      { generate: { namespace: '{{ request.object.metadata.name }}', cloneList: { namespace: 'vault', kinds: ['v1/Secret', 'v1/ConfigMap'], selector: { matchLabels: { share: 'true' } } } } },
      namespace('shop'),
      [secret('a', { share: 'true' }), secret('b', {}), secret('c', { share: 'true' })],
    );
    expect(result.status).toBe('pass');
    expect(result.generated?.map((r) => (r['metadata'] as JsonObject)['name'])).toEqual(['a', 'c']);
    expect(result.generated?.every((r) => (r['metadata'] as JsonObject)['namespace'] === 'shop')).toBe(true);
  });

  it('foreach generates once per element, with element in scope and per-entry preconditions', () => {
    const result = evaluate(
      {
        generate: {
          foreach: [
            {
              list: "request.object.metadata.labels.envs | split(@, ',')",
              preconditions: { all: [{ key: '{{ element }}', operator: 'NotEquals', value: 'skip' }] },
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'env-{{ element }}',
              namespace: '{{ request.object.metadata.name }}',
              data: { data: { env: '{{ element }}', index: '{{ elementIndex }}' } },
            },
          ],
        },
      },
      namespace('shop', { envs: 'dev,skip,prod' }),
    );
    expect(result.status).toBe('pass');
    expect(result.generated?.map((r) => [(r['metadata'] as JsonObject)['name'], r['data']])).toEqual([
      ['env-dev', { env: 'dev', index: 0 }],
      ['env-prod', { env: 'prod', index: 2 }],
    ]);
  });

  it('rule preconditions that do not hold skip the rule, generating nothing', () => {
    const result = evaluate(
      {
        preconditions: { all: [{ key: '{{ request.object.metadata.labels.team || `""` }}', operator: 'Equals', value: 'blue' }] },
        generate: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'shop', data: {} },
      },
      namespace('shop', { team: 'red' }),
    );
    expect(result.status).toBe('skip');
    expect(result.generated).toBeUndefined();
  });

  it('a deleted trigger fails the rule and generates nothing, as Kyverno reports it', () => {
    const trigger = namespace('shop');
    const rule = { generate: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'shop', data: {} } };
    const [result] = evaluatePolicy(policyWith(rule), { resource: trigger, oldResource: trigger, operation: 'DELETE', deriveFixes: false, generate: { existing: [] } });
    expect(result?.status).toBe('fail');
    expect(result?.generated).toBeUndefined();
  });

  it('a target that exists already is not generated again; the rule passes', () => {
    const existing = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop' } };
    const result = evaluate({ generate: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'shop', data: { data: { a: 'b' } } } }, namespace('shop'), [existing]);
    expect(result.status).toBe('pass');
    expect(result.generated).toEqual([]);
    expect(result.message).toBe('nothing generated: ConfigMap shop/x exists already');
  });

  it('a variable that does not resolve is an error naming it', () => {
    const result = evaluate({ generate: { apiVersion: 'v1', kind: 'ConfigMap', name: '{{ request.object.spec.nothing }}', namespace: 'shop', data: {} } }, namespace('shop'));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^generate: variable substitution failed: .*request\.object\.spec\.nothing/);
  });

  it('a target without a name is an error', () => {
    const result = evaluate({ generate: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', data: {} } }, namespace('shop'));
    expect(result.status).toBe('error');
    expect(result.message).toBe('generate: generate.name is empty: Kyverno cannot create the resource');
  });
});
