import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const subresource = (parent: object, sub: object) => ({ parentResource: { ...parent, namespaced: true }, subresource: { ...sub, namespaced: true } });

describe('subresources (Values `subresources`)', () => {
  it('a PodExecOptions resource stands for Pod/exec', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Test',
        metadata: { name: 'exec' },
        policies: ['policy.yaml'],
        resources: ['resources.yaml'],
        values: {
          globalValues: { 'request.operation': 'CONNECT' },
          subresources: [subresource({ group: '', version: 'v1', kind: 'Pod', name: 'pods' }, { group: '', version: 'v1', kind: 'PodExecOptions', name: 'pods/exec' })],
        },
        results: [
          { policy: 'no-exec', rule: 'deny-exec', kind: 'PodExecOptions', resources: ['team/shell'], result: 'fail' },
          { policy: 'no-exec', rule: 'deny-exec', kind: 'Pod', resources: ['team/web'], result: 'skip' },
        ],
      },
      'policy.yaml': {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'no-exec' },
        spec: {
          rules: [
            {
              name: 'deny-exec',
              match: { any: [{ resources: { kinds: ['Pod/exec'], operations: ['CONNECT'] } }] },
              validate: { message: 'no exec into {{ request.namespace }}', deny: {} },
            },
          ],
        },
      },
      'resources.yaml': [
        { apiVersion: 'v1', kind: 'PodExecOptions', metadata: { name: 'shell', namespace: 'team' }, command: ['sh'] },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      ],
    };
    const run = await runMemorySuite(files);
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.resource, c.actual, c.ok])).toEqual([
      ['team/shell', 'fail', true],
      ['team/web', 'no result', true],
    ]);
  });

  it('a Scale resource stands for Deployment/scale', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Test',
        metadata: { name: 'scale' },
        policies: ['policy.yaml'],
        resources: ['resources.yaml'],
        variables: 'values.yaml',
        results: [
          { policy: 'max-replicas', rule: 'scale', kind: 'Scale', resources: ['shop/big'], result: 'fail' },
          { policy: 'max-replicas', rule: 'scale', kind: 'Scale', resources: ['shop/small'], result: 'pass' },
        ],
      },
      'values.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Values',
        subresources: [subresource({ group: 'apps', version: 'v1', kind: 'Deployment', name: 'deployments' }, { group: 'autoscaling', version: 'v1', kind: 'Scale', name: 'deployments/scale' })],
      },
      'policy.yaml': {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'max-replicas' },
        spec: {
          rules: [
            {
              name: 'scale',
              match: { any: [{ resources: { kinds: ['Deployment/scale'] } }] },
              validate: { message: 'at most 5 replicas', pattern: { spec: { replicas: '<=5' } } },
            },
          ],
        },
      },
      'resources.yaml': [
        { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'big', namespace: 'shop' }, spec: { replicas: 9 } },
        { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'small', namespace: 'shop' }, spec: { replicas: 2 } },
      ],
    };
    const run = await runMemorySuite(files);
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.resource, c.actual, c.ok])).toEqual([
      ['shop/big', 'fail', true],
      ['shop/small', 'pass', true],
    ]);
  });
});
