import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicy } from './evaluate.ts';

const policyWith = (validate: JsonObject) => {
  const loaded = loadPolicies(
    [
      {
        file: 'p.yaml',
        documentIndex: 0,
        object: {
          apiVersion: 'kyverno.io/v1',
          kind: 'ClusterPolicy',
          metadata: { name: 'images' },
          spec: { rules: [{ name: 'check', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate }] },
        },
      },
    ],
    'security',
  );
  expect(loaded.problems).toEqual([]);
  const policy = loaded.policies[0];
  if (!policy) throw new Error('policy did not load');
  return policy;
};

const pod = (namespace = 'shop'): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace, labels: { team: 'a' } },
  spec: { containers: [{ name: 'c', image: 'ghcr.io/acme/web:1.0' }] },
});

const run = (validate: JsonObject, resource = pod()) => evaluatePolicy(policyWith(validate), { resource, operation: 'CREATE', deriveFixes: false })[0];

describe('validate.foreach: which value an element is checked as', () => {
  const denyUnlessGhcr = { deny: { conditions: { all: [{ key: '{{ element }}', operator: 'NotEquals', value: 'ghcr.io/*' }] } } };

  it('refuses elementScope: true on elements that are not mappings, as Kyverno does', () => {
    const result = run({ message: 'from ghcr.io only', foreach: [{ list: 'request.object.spec.containers[].image', elementScope: true, ...denyUnlessGhcr }] });
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/elementScope=true .* not maps, expected type=map got type=string/);
  });

  it('checks a pattern against the resource when the elements are not mappings and elementScope is not set', () => {
    // the pattern is the resource's, not the string element's: it holds for the Pod above
    const result = run({ message: 'team label', foreach: [{ list: 'request.object.spec.containers[].image', pattern: { metadata: { labels: { team: '?*' } } } }] });
    expect(result?.status).toBe('pass');
  });

  it('checks a pattern against each mapping element by default', () => {
    const result = run({ message: 'images pinned', foreach: [{ list: 'request.object.spec.containers', pattern: { image: '*:latest' } }] });
    expect(result?.status).toBe('fail');
  });

  it('checks against the resource when elementScope is false, even for mapping elements', () => {
    const result = run({ message: 'team label', foreach: [{ list: 'request.object.spec.containers', elementScope: false, pattern: { metadata: { labels: { team: 'a' } } } }] });
    expect(result?.status).toBe('pass');
  });
});

describe('PolicyException namespace', () => {
  it('does not narrow the resources its match selects', () => {
    const { exceptions, problems } = loadExceptions([
      {
        file: 'e.yaml',
        documentIndex: 0,
        object: {
          apiVersion: 'kyverno.io/v2',
          kind: 'PolicyException',
          metadata: { name: 'legacy', namespace: 'exceptions' },
          spec: { exceptions: [{ policyName: 'images', ruleNames: ['check'] }], match: { any: [{ resources: { namespaces: ['legacy'] } }] } },
        },
      },
    ]);
    expect(problems).toEqual([]);
    const policy = policyWith({ message: 'team b', pattern: { metadata: { labels: { team: 'b' } } } });
    const statusIn = (namespace: string) => evaluatePolicy(policy, { resource: pod(namespace), operation: 'CREATE', exceptions, deriveFixes: false })[0]?.status;
    expect(statusIn('legacy')).toBe('skip');
    expect(statusIn('shop')).toBe('fail');
  });
});
