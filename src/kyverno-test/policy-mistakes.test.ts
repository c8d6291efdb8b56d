import { describe, expect, it } from 'vitest';
import { runMemorySuite } from './memory-suite.ts';

describe('preadmit test: a policy Kyverno would refuse is reported once, located, and not evaluated', () => {
  it('names the file, line and column of the mistake', async () => {
    const run = await runMemorySuite({
      'kyverno-test.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Test',
        metadata: { name: 't' },
        policies: ['policy.yaml'],
        resources: ['resources.yaml'],
        results: [{ policy: 'p', rule: 'r', kind: 'Pod', resources: ['web'], result: 'pass' }],
      },
      'policy.yaml': {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'p' },
        spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message: 'm', deny: { conditions: { any: [{ key: 1, operator: 'Equalz', value: 1 }] } } } }] },
      },
      'resources.yaml': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    expect(run.problems).toEqual([expect.stringMatching(/policy\.yaml:\d+:\d+: ClusterPolicy "p" rule "r": unknown condition operator `Equalz`: write `Equals`$/)]);
    expect(run.cases).toEqual([expect.objectContaining({ ok: false })]);
  });
});
