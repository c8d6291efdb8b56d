import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const limits = (namespace: string, cpu = '250m', extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'default-limits', namespace, ...extra },
  spec: { limits: [{ type: 'Container', default: { cpu } }] },
});

/** A suite whose policy gives every new Namespace (labelled `quota: on`) a LimitRange and a copy of a shared Secret. */
const suite = (results: object[], extra: SuiteFiles = {}): SuiteFiles => ({
  'kyverno-test.yaml': {
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: 'namespace-defaults' },
    policies: ['policy.yaml'],
    resources: ['namespaces.yaml'],
    results,
  },
  'policy.yaml': {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'namespace-defaults' },
    spec: {
      rules: [
        {
          name: 'limits',
          match: { any: [{ resources: { kinds: ['Namespace'] } }] },
          preconditions: { all: [{ key: "{{ request.object.metadata.labels.quota || '' }}", operator: 'Equals', value: 'on' }] },
          generate: {
            apiVersion: 'v1',
            kind: 'LimitRange',
            name: 'default-limits',
            namespace: '{{ request.object.metadata.name }}',
            synchronize: true,
            data: { spec: { limits: [{ type: 'Container', default: { cpu: '250m' } }] } },
          },
        },
        {
          name: 'pull-secret',
          match: { any: [{ resources: { kinds: ['Namespace'] } }] },
          generate: { apiVersion: 'v1', kind: 'Secret', name: 'pull', namespace: '{{ request.object.metadata.name }}', clone: { namespace: 'platform', name: 'registry' } },
        },
      ],
    },
  },
  'namespaces.yaml': [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { quota: 'on' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sandbox' } },
  ],
  'registry.yaml': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry', namespace: 'platform', uid: 'abc' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } },
  'limits.yaml': limits('shop'),
  'pull.yaml': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } },
  ...extra,
});

const limitsRow = (over: object = {}) => ({ policy: 'namespace-defaults', rule: 'limits', kind: 'Namespace', resources: ['shop'], result: 'pass', generatedResource: 'limits.yaml', ...over });
const pullRow = (over: object = {}) => ({ policy: 'namespace-defaults', rule: 'pull-secret', kind: 'Namespace', resources: ['shop'], result: 'pass', cloneSourceResource: 'registry.yaml', generatedResource: 'pull.yaml', ...over });

describe('kyverno test: generate rules against generatedResource', () => {
  it('data with substituted name and namespace equals the expected file', async () => {
    const run = await runMemorySuite(suite([limitsRow()]));
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.rule, c.actual, c.ok, c.message])).toEqual([['limits', 'pass', true, 'generated v1 LimitRange shop/default-limits, as limits.yaml expects']]);
  });

  it("Kyverno's bookkeeping labels in the expected file do not matter; other labels do", async () => {
    const kyvernoLabels = { labels: { 'app.kubernetes.io/managed-by': 'kyverno', 'generate.kyverno.io/rule-name': 'something-else' } };
    const ok = await runMemorySuite(suite([limitsRow()], { 'limits.yaml': limits('shop', '250m', kyvernoLabels) }));
    expect(ok.cases[0]?.ok).toBe(true);
    const other = await runMemorySuite(suite([limitsRow()], { 'limits.yaml': limits('shop', '250m', { labels: { team: 'blue' } }) }));
    expect(other.cases[0]?.ok).toBe(false);
    expect(other.cases[0]?.message).toContain('/metadata/labels/team');
  });

  it('a generated resource that differs is a failure that says where', async () => {
    const run = await runMemorySuite(suite([limitsRow()], { 'limits.yaml': limits('shop', '500m') }));
    expect(run.cases.map((c) => [c.actual, c.ok])).toEqual([['pass', false]]);
    expect(run.cases[0]?.message).toBe('the generated LimitRange shop/default-limits differs from the one in limits.yaml at /spec/limits/0/default/cpu: expected "500m", generated "250m"');
  });

  it('an expected file without the generated resource is a failure naming both', async () => {
    const run = await runMemorySuite(suite([limitsRow()], { 'limits.yaml': limits('elsewhere') }));
    expect(run.cases[0]?.ok).toBe(false);
    expect(run.cases[0]?.message).toBe('limits.yaml has no v1 LimitRange shop/default-limits');
  });

  it('generatedResources: one of the files must hold it', async () => {
    const run = await runMemorySuite(suite([limitsRow({ generatedResource: undefined, generatedResources: ['wrong.yaml', 'limits.yaml'] })], { 'wrong.yaml': limits('shop', '1') }));
    expect(run.cases.map((c) => c.ok)).toEqual([true]);
  });

  it('clone reads the result’s cloneSourceResource as the cluster', async () => {
    const run = await runMemorySuite(suite([pullRow()]));
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.rule, c.actual, c.ok])).toEqual([['pull-secret', 'pass', true]]);
  });

  it('clone without its source is an error, not a silent pass', async () => {
    const run = await runMemorySuite(suite([pullRow({ cloneSourceResource: undefined })]));
    expect(run.cases.map((c) => [c.actual, c.ok])).toEqual([['error', false]]);
    expect(run.cases[0]?.message).toContain('the clone source v1 Secret platform/registry does not exist');
  });

  it('preconditions that do not hold: skip, and nothing is compared', async () => {
    const run = await runMemorySuite(suite([limitsRow({ resources: ['sandbox'], result: 'skip' }), limitsRow({ resources: ['sandbox'], result: 'pass' })]));
    expect(run.cases.map((c) => [c.resource, c.expected, c.actual, c.ok])).toEqual([
      ['sandbox', 'skip', 'skip', true],
      ['sandbox', 'pass', 'skip', false],
    ]);
  });

  it('a rule that generates nothing (its target exists) passes without comparison, as kyverno test checks the result alone', async () => {
    const files = suite([pullRow({ cloneSourceResource: 'both.yaml' })]);
    files['both.yaml'] = [files['registry.yaml'] as object, files['pull.yaml'] as object];
    const run = await runMemorySuite(files);
    expect(run.cases.map((c) => [c.actual, c.ok, c.compared])).toEqual([['pass', true, false]]);
    expect(run.cases[0]?.message).toBe('not compared with pull.yaml: nothing generated: Secret shop/pull exists already (kyverno test then checks the result alone)');
  });

  it('an expected fail is not met by a rule that generates the expected resource', async () => {
    const run = await runMemorySuite(suite([limitsRow({ result: 'fail' })]));
    expect(run.cases.map((c) => [c.actual, c.ok])).toEqual([['pass', false]]);
  });
});
