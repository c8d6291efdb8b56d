import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicy } from './evaluate.ts';
import { buildScope } from './scope.ts';
import { loadContext } from './context-entries.ts';

const pod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', annotations: { 'team.example/owner': 'blue', 'other.example/x': 'y' } },
  spec: {
    containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: '100Mi' }, limits: { memory: '400Mi' } } }, { name: 'sidecar', image: 'envoy' }],
    volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'sock', hostPath: { path: '///var/run//docker.sock' } }],
  },
};

function rule(body: JsonObject): JsonObject {
  return { name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, ...body };
}

function evaluate(body: JsonObject): { status: string; message: string } | undefined {
  const [policy] = loadPolicies([{ file: 'p.yaml', documentIndex: 0, object: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [rule(body)] } } }], 'security').policies;
  if (!policy) throw new Error('policy did not load');
  const [result] = evaluatePolicy(policy, { resource: pod, operation: 'CREATE', deriveFixes: false });
  return result && { status: result.status, message: result.message };
}

describe('variables inside a context entry\'s jmesPath', () => {
  it('are substituted before the query runs, on the value and on the scope', () => {
    const scope = buildScope({ resource: pod, operation: 'CREATE' });
    const loaded = loadContext(
      [
        { name: 'field', variable: { value: 'name' } },
        { name: 'fromValue', variable: { value: { name: '{{ request.object.metadata.name }}' }, jmesPath: '{{ field }}' } },
        { name: 'fromScope', variable: { jmesPath: 'request.object.metadata.{{ field }}' } },
        { name: 'withDefault', variable: { value: { a: 1 }, jmesPath: 'to_number(`x`)', default: 'fallback' } },
      ],
      scope,
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.data['fromValue']).toBe('web');
    expect(loaded.value.data['fromScope']).toBe('web');
    expect(loaded.value.data['withDefault']).toBe('fallback');
  });
});

describe('bracket expressions and nested {{ }}', () => {
  it('evaluate filters, indexes, quoted keys and a variable nested inside another', () => {
    const result = evaluate({
      validate: {
        message: 'nested',
        deny: {
          conditions: {
            all: [
              { key: "{{ request.object.spec.containers[?name == 'app'] | [0].image }}", operator: 'Equals', value: 'nginx' },
              { key: '{{ request.object.metadata.annotations."team.example/owner" }}', operator: 'Equals', value: 'blue' },
              { key: "{{ items(request.object.metadata.annotations, 'key', 'value')[?starts_with(key, 'team')] | length(@) }}", operator: 'Equals', value: 1 },
              { key: "{{ divide('{{ request.object.spec.containers[0].resources.limits.memory }}', '{{ request.object.spec.containers[0].resources.requests.memory }}') }}", operator: 'Equals', value: 4 },
            ],
          },
        },
      },
    });
    expect(result).toEqual({ status: 'fail', message: 'nested' });
  });
});

describe('absent element paths in foreach preconditions', () => {
  it('skip the element (Kyverno substitutes no value and moves on) instead of erroring the rule', () => {
    const result = evaluate({
      validate: {
        message: 'no docker socket',
        foreach: [
          {
            list: 'request.object.spec.volumes',
            preconditions: { all: [{ key: '{{ element.hostPath.path }}', operator: 'NotEquals', value: '' }] },
            deny: { conditions: { any: [{ key: '{{ path_canonicalize(element.hostPath.path) }}', operator: 'Equals', value: '/var/run/docker.sock' }] } },
          },
        ],
      },
    });
    expect(result?.status).toBe('fail');
  });

  it('an absent list is optional; a list that cannot be evaluated at all is an error', () => {
    expect(evaluate({ validate: { message: 'm', foreach: [{ list: 'request.object.spec.initContainers', deny: {} }] } })?.status).toBe('skip');
    expect(evaluate({ validate: { message: 'm', foreach: [{ list: 'abs(request.object.metadata.name)', deny: {} }] } })?.status).toBe('error');
  });

  it('a list that does not parse is refused at load, as Kyverno refuses the policy', () => {
    const object = { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [rule({ validate: { message: 'm', foreach: [{ list: 'request.object.spec.containers[', deny: {} }] } })] } };
    const loaded = loadPolicies([{ file: 'p.yaml', documentIndex: 0, object }], 'security');
    expect(loaded.policies).toEqual([]);
    expect(loaded.problems.map((p) => p.message)).toEqual([expect.stringContaining('the JMESPath expression `request.object.spec.containers[` does not parse')]);
  });

  it('a quantity compared with an empty string is not equal to it', () => {
    const result = evaluate({
      validate: {
        message: 'limits at most twice the requests',
        foreach: [
          {
            list: 'request.object.spec.containers',
            preconditions: { all: [{ key: "{{ element.resources.limits.memory || '' }}", operator: 'NotEquals', value: '' }] },
            deny: { conditions: { any: [{ key: "{{ divide('{{ element.resources.limits.memory }}', '{{ element.resources.requests.memory }}') }}", operator: 'GreaterThan', value: 2 }] } },
          },
        ],
      },
    });
    expect(result?.status).toBe('fail');
  });
});
