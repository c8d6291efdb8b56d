import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicies } from './evaluate.ts';

const policy = (deny: JsonObject, foreach = true): JsonObject => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p' },
  spec: {
    rules: [
      {
        name: 'r',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: foreach ? { message: 'no', foreach: [{ list: 'request.object.spec.containers', deny }] } : { message: 'no', deny },
      },
    ],
  },
});

const pod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: {
    hostNetwork: true,
    containers: [
      { name: 'ok', image: 'registry.k8s.io/pause:3.9' },
      { name: 'bad', image: 'nginx:latest', securityContext: { privileged: true } },
    ],
  },
};

function pathsOf(object: JsonObject): string[] {
  const { policies } = loadPolicies([{ object, file: 'p.yaml', documentIndex: 0 }], 'security');
  const [result] = evaluatePolicies(policies, { resource: pod, operation: 'CREATE' });
  expect(result?.status).toBe('fail');
  return result?.paths ?? [];
}

describe('deny findings are located on the field their failing condition reads', () => {
  it('reads element paths through JMESPath functions', () => {
    const paths = pathsOf(policy({ conditions: { any: [{ key: "{{ image_normalize(element.image) }}", operator: 'AnyNotIn', value: ['registry.k8s.io/*'] }] } }));
    expect(paths[0]).toBe('/spec/containers/1/image');
  });

  it('puts the condition that holds first, not the first one written', () => {
    const paths = pathsOf(
      policy({
        conditions: {
          any: [
            { key: "{{ element.securityContext.runAsUser || `1000` }}", operator: 'Equals', value: 0 },
            { key: "{{ element.securityContext.privileged || `false` }}", operator: 'Equals', value: true },
          ],
        },
      }),
    );
    expect(paths[0]).toBe('/spec/containers/1/securityContext/privileged');
  });

  it('reads request.object paths inside functions outside foreach', () => {
    const paths = pathsOf(policy({ conditions: { all: [{ key: "{{ to_string(request.object.spec.hostNetwork) }}", operator: 'Equals', value: 'true' }] } }, false));
    expect(paths[0]).toBe('/spec/hostNetwork');
  });
});

describe('errors are located where the rule was looking, not on the first line', () => {
  const errorPaths = (object: JsonObject, resource: JsonObject = pod): string[] => {
    const { policies } = loadPolicies([{ object, file: 'p.yaml', documentIndex: 0 }], 'security');
    const [result] = evaluatePolicies(policies, { resource, operation: 'CREATE' });
    expect(result?.status).toBe('error');
    return result?.paths ?? [];
  };
  const placeholder: JsonObject = { ...pod, spec: { containers: [{ name: 'ok', image: 'registry.k8s.io/pause:3.9' }, { name: 'web', image: '<YOUR-IMAGE>' }] } };

  it('a deny condition that cannot be evaluated sits on the field it reads, in the element that broke it', () => {
    const paths = errorPaths(policy({ conditions: { any: [{ key: '{{ image_normalize(element.image) }}', operator: 'AnyNotIn', value: ['registry.k8s.io/*'] }] } }), placeholder);
    expect(paths[0]).toBe('/spec/containers/1/image');
  });

  it('a pattern whose variables cannot be substituted sits on the foreach element', () => {
    const patterned: JsonObject = {
      ...policy({}),
      spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { foreach: [{ list: 'request.object.spec.containers', pattern: { image: '{{ image_normalize(element.image) }}' } }] } }] },
    };
    const paths = errorPaths(patterned, placeholder);
    expect(paths[0]).toBe('/spec/containers/1');
  });
});
