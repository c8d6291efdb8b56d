import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicy } from './evaluate.ts';

const policy = loadPolicies(
  [
    {
      file: 'p.yaml',
      documentIndex: 0,
      object: {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'psa' },
        spec: {
          validationFailureAction: 'Enforce',
          rules: [{ name: 'baseline', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { podSecurity: { level: 'baseline', version: 'latest' } } }],
        },
      },
    },
  ],
  'security',
).policies[0];

const exception = (podSecurity: JsonObject[], names = ['tools-*']) =>
  loadExceptions([
    {
      file: 'e.yaml',
      documentIndex: 0,
      object: {
        apiVersion: 'kyverno.io/v2',
        kind: 'PolicyException',
        metadata: { name: 'tools', namespace: 'ops' },
        spec: {
          exceptions: [{ policyName: 'psa', ruleNames: ['baseline'] }],
          match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['ops'], names } }] },
          podSecurity,
        },
      },
    },
  ]).exceptions;

const pod = (name: string, securityContext: JsonObject, hostNetwork = false): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ops' },
  spec: { hostNetwork, containers: [{ name: 'c', image: 'busybox:1.36', securityContext }] },
});

const run = (resource: JsonObject, exceptions: ReturnType<typeof exception>) => {
  if (!policy) throw new Error('policy did not load');
  return evaluatePolicy(policy, { resource, operation: 'CREATE', exceptions, deriveFixes: false })[0];
};

const netAdmin = { capabilities: { add: ['NET_ADMIN'] } };

describe('PolicyException on podSecurity controls', () => {
  it('skips the rule, naming the exception, when it exempts every failing control', () => {
    const result = run(pod('tools-a', netAdmin), exception([{ controlName: 'Capabilities', images: ['busybox*'] }]));
    expect(result).toMatchObject({ status: 'skip', message: 'rule skipped due to PolicyException ops/tools' });
  });

  it('fails on the controls it does not exempt', () => {
    const result = run(pod('tools-a', netAdmin, true), exception([{ controlName: 'Capabilities', images: ['busybox*'] }]));
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/host namespaces/i);
    expect(result?.message).not.toMatch(/capabilities/i);
  });

  it('exempts only the images it names', () => {
    const result = run(pod('tools-a', netAdmin), exception([{ controlName: 'Capabilities', images: ['nginx*'] }]));
    expect(result?.status).toBe('fail');
  });

  it('leaves a passing Pod passing, and Pods its match does not select failing', () => {
    expect(run(pod('tools-a', {}), exception([{ controlName: 'Capabilities', images: ['*'] }]))?.status).toBe('pass');
    expect(run(pod('web', netAdmin), exception([{ controlName: 'Capabilities', images: ['*'] }]))?.status).toBe('fail');
  });
});
