import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', annotations: { 'cfg.example/a': '1', 'cfg.example/b': '2', other: 'x' } },
  spec: { containers: [{ name: 'app', image: 'nginx' }], dnsConfig: { options: [{ name: 'timeout', value: '2' }] } },
};

const clusterPolicy = (name: string, rules: object[]) => ({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { rules } });
const matchPods = { any: [{ resources: { kinds: ['Pod'] } }] };

const files: SuiteFiles = {
  'kyverno-test.yaml': {
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: 'chain' },
    policies: ['policies.yaml'],
    resources: ['pod.yaml'],
    results: [
      { policy: 'ndots', rule: 'add-ndots', kind: 'Pod', resources: ['shop/web'], patchedResources: 'after-ndots.yaml', result: 'pass' },
      { policy: 'labels-from-annotations', rule: 'copy', kind: 'Pod', resources: ['shop/web'], patchedResources: 'after-all.yaml', result: 'pass' },
      { policy: 'require-ndots', rule: 'check', kind: 'Pod', resources: ['shop/web'], result: 'pass' },
    ],
  },
  'policies.yaml': [
    // the validate policy comes first: it still sees the resource every mutation left
    clusterPolicy('require-ndots', [
      { name: 'check', match: matchPods, validate: { message: 'ndots 1 and the copied labels are required', pattern: { metadata: { labels: { a: '1', b: '2' } }, spec: { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } } } } },
    ]),
    clusterPolicy('ndots', [{ name: 'add-ndots', match: matchPods, mutate: { patchStrategicMerge: { spec: { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } } } } }]),
    clusterPolicy('labels-from-annotations', [
      {
        name: 'copy',
        match: matchPods,
        context: [
          { name: 'pairs', variable: { jmesPath: "items(request.object.metadata.annotations, 'key', 'value')[?starts_with(key, 'cfg.example/')]" } },
          { name: 'labels', variable: { jmesPath: "object_from_lists(pairs[].key, pairs[].value)" } },
        ],
        mutate: {
          foreach: [
            {
              list: 'items(labels, \'key\', \'value\')',
              patchesJson6902: "- op: add\n  path: /metadata/labels/{{ replace_all(element.key, 'cfg.example/', '') }}\n  value: '{{ element.value }}'",
            },
          ],
          patchStrategicMerge: undefined,
        },
      },
    ]),
  ],
  'pod.yaml': pod,
  // PodDNSConfig.options has no merge key: a strategic merge patch replaces the list
  'after-ndots.yaml': { ...pod, spec: { ...pod.spec, dnsConfig: { options: [{ name: 'ndots', value: '1' }] } } },
  'after-all.yaml': {
    ...pod,
    metadata: { ...pod.metadata, labels: { a: '1', b: '2' } },
    spec: { ...pod.spec, dnsConfig: { options: [{ name: 'ndots', value: '1' }] } },
  },
};

describe('mutations chained as kyverno test does', () => {
  it('a dnsConfig ndots patch replaces the options list, which has no merge key', async () => {
    const run = await runMemorySuite(files);
    expect(run.problems).toEqual([]);
    expect(run.cases[0]).toMatchObject({ policy: 'ndots', actual: 'pass', ok: true });
  });

  it('a foreach over a list built from an object patches on top of the earlier policy, and validation sees both', async () => {
    const run = await runMemorySuite(files);
    expect(run.cases.slice(1).map((c) => [c.policy, c.actual, c.ok, c.message])).toEqual([
      ['labels-from-annotations', 'pass', true, 'resource patched'],
      ['require-ndots', 'pass', true, expect.any(String)],
    ]);
  });
});
