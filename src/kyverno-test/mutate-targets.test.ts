import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const secret = (name: string, namespace: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels } });

const suite = (results: object[], target: object): SuiteFiles => ({
  'kyverno-test.yaml': {
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: 'targets' },
    policies: ['policy.yaml'],
    resources: ['trigger.yaml'],
    targetResources: ['targets.yaml'],
    results,
  },
  'policy.yaml': {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'label-secrets' },
    spec: {
      rules: [
        {
          name: 'on-config',
          match: { any: [{ resources: { kinds: ['ConfigMap'], names: ['settings'] } }] },
          mutate: {
            targets: [target],
            patchStrategicMerge: { metadata: { labels: { 'rotated-by': '{{ request.object.metadata.name }}', was: '{{ target.metadata.labels.tier }}' } } },
          },
        },
      ],
    },
  },
  'trigger.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { a: 'b' } },
  'targets.yaml': [secret('db', 'shop', { tier: 'gold' }), secret('db', 'other', { tier: 'silver' }), secret('cache', 'shop', { tier: 'bronze' })],
  'patched.yaml': [secret('db', 'shop', { tier: 'gold', 'rotated-by': 'settings', was: 'gold' }), secret('db', 'other', { tier: 'silver', 'rotated-by': 'settings', was: 'silver' })],
});

describe('mutate existing resources (mutate.targets) with targetResources', () => {
  it('patches every target the rule selects, each compared with its patched resource', async () => {
    const files = suite([{ policy: 'label-secrets', rule: 'on-config', kind: 'Secret', resources: ['shop/db', 'other/db'], patchedResources: 'patched.yaml', result: 'pass' }], { apiVersion: 'v1', kind: 'Secret', name: 'db' });
    const run = await runMemorySuite(files);
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.resource, c.actual, c.ok])).toEqual([
      ['shop/db', 'pass', true],
      ['other/db', 'pass', true],
    ]);
  });

  it('a namespace, a wildcard name and a selector narrow the targets; a wrong patched resource is a mismatch', async () => {
    const files = suite(
      [
        { policy: 'label-secrets', rule: 'on-config', kind: 'Secret', resources: ['shop/db'], patchedResources: 'patched.yaml', result: 'pass' },
        { policy: 'label-secrets', rule: 'on-config', kind: 'Secret', resources: ['other/db'], result: 'pass' },
      ],
      { apiVersion: 'v1', kind: 'Secret', namespace: '{{ request.object.metadata.namespace }}', name: 'd*', selector: { matchLabels: { tier: 'gold' } } },
    );
    const run = await runMemorySuite(files);
    expect(run.cases.map((c) => [c.resource, c.actual, c.ok])).toEqual([
      ['shop/db', 'pass', true],
      // not selected (other namespace): nothing patched it, so it is not found
      ['other/db', 'not found', false],
    ]);
    const wrong = suite([{ policy: 'label-secrets', rule: 'on-config', kind: 'Secret', resources: ['shop/cache'], patchedResources: 'patched.yaml', result: 'pass' }], { apiVersion: 'v1', kind: 'Secret', name: 'cache' });
    const mismatch = await runMemorySuite(wrong);
    expect(mismatch.cases[0]).toMatchObject({ actual: 'pass', ok: false, message: 'patched resource differs from patched.yaml' });
  });

  it('the trigger itself is left as it was', async () => {
    const files = suite([{ policy: 'label-secrets', rule: 'on-config', kind: 'ConfigMap', resources: ['shop/settings'], result: 'pass' }], { apiVersion: 'v1', kind: 'Secret', name: 'db' });
    const run = await runMemorySuite(files);
    expect(run.cases[0]).toMatchObject({ actual: 'pass', ok: true, message: 'patched 2 existing resource(s)' });
  });
});
