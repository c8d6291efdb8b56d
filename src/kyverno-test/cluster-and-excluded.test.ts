import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const deployment = (name: string, namespace: string, tier: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { metadata: { labels: { tier } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
});

/** Denies a Deployment whose tier the lookup (a context entry) marks as closed. */
const tierPolicy = (lookup: object, closed = '{{ tier.closed }}') => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'tiers' },
  spec: {
    rules: [
      {
        name: 'open-tier',
        match: { any: [{ resources: { kinds: ['Deployment'] } }] },
        context: [{ name: 'tier', ...lookup }],
        validate: { message: 'tier is closed', deny: { conditions: { all: [{ key: closed, operator: 'Equals', value: 'yes' }] } } },
      },
    ],
  },
});

const suite = (results: [string, string][], extra: object = {}) => ({
  apiVersion: 'cli.kyverno.io/v1alpha1',
  kind: 'Test',
  metadata: { name: 'cluster' },
  policies: ['policy.yaml'],
  resources: ['resources.yaml'],
  results: results.map(([resource, result]) => ({ policy: 'tiers', rule: 'open-tier', kind: 'Deployment', resources: [resource], result })),
  ...extra,
});

const cluster = (resources: object[]) => ({ apiVersion: 'cli.kyverno.io/v1alpha1', kind: 'ClusterResource', metadata: { name: 'c' }, spec: { resources } });

async function outcomes(files: SuiteFiles): Promise<[string, string, boolean][]> {
  const run = await runMemorySuite(files);
  expect(run.problems).toEqual([]);
  return run.cases.map((c) => [c.resource, c.actual, c.ok]);
}

describe('clusterResources: the resources a test puts in the fake cluster', () => {
  it('answer configMap context entries', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': suite([['web', 'fail'], ['api', 'pass']], { clusterResources: ['cluster.yaml'] }),
      'policy.yaml': tierPolicy({ configMap: { name: 'tier-{{ request.object.spec.template.metadata.labels.tier }}', namespace: 'config' } }, '{{ tier.data.closed }}'),
      'cluster.yaml': cluster([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tier-front', namespace: 'config' }, data: { closed: 'yes' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tier-back', namespace: 'config' }, data: { closed: 'no' } },
      ]),
      'resources.yaml': [deployment('web', 'shop', 'front'), deployment('api', 'shop', 'back')],
    };
    expect(await outcomes(files)).toEqual([
      ['web', 'fail', true],
      ['api', 'pass', true],
    ]);
  });

  it('answer API calls for an object of a cluster-scoped custom kind written without a namespace', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': suite([['web', 'fail'], ['api', 'pass']], { clusterResources: ['cluster.yaml'] }),
      'policy.yaml': tierPolicy({ apiCall: { urlPath: '/apis/example.org/v1/tiers/{{ request.object.spec.template.metadata.labels.tier }}', jmesPath: 'spec' } }),
      'cluster.yaml': cluster([
        { apiVersion: 'example.org/v1', kind: 'Tier', metadata: { name: 'front' }, spec: { closed: 'yes' } },
        { apiVersion: 'example.org/v1', kind: 'Tier', metadata: { name: 'back' }, spec: { closed: 'no' } },
      ]),
      'resources.yaml': [deployment('web', 'shop', 'front'), deployment('api', 'shop', 'back')],
    };
    expect(await outcomes(files)).toEqual([
      ['web', 'fail', true],
      ['api', 'pass', true],
    ]);
  });

  it('name a file that holds something else as a problem', async () => {
    const run = await runMemorySuite({
      'kyverno-test.yaml': suite([['api', 'pass']], { clusterResources: ['cluster.yaml'] }),
      'policy.yaml': tierPolicy({ variable: { value: { closed: 'no' } } }),
      'cluster.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      'resources.yaml': [deployment('api', 'shop', 'back')],
    });
    expect(run.problems.join('\n')).toMatch(/cluster\.yaml: clusterResources files hold kind: ClusterResource.*found kind "ConfigMap"/);
  });
});

describe('rows kyverno test reports as excluded (and passes without comparing)', () => {
  const only = (kinds: string[]) => ({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'tiers' },
    spec: { rules: [{ name: 'open-tier', match: { any: [{ resources: { kinds } }] }, validate: { message: 'denied', deny: { conditions: { all: [{ key: 'a', operator: 'Equals', value: 'a' }] } } } }] },
  });

  it('fail, saying why kyverno test differs, when a ClusterPolicy gives no result for the resource', async () => {
    const run = await runMemorySuite({
      'kyverno-test.yaml': suite([['api', 'fail']]),
      'policy.yaml': only(['StatefulSet']),
      'resources.yaml': [deployment('api', 'shop', 'back')],
    });
    expect(run.problems).toEqual([]);
    expect(run.cases.map((c) => [c.actual, c.ok])).toEqual([['no result', false]]);
    expect(run.cases[0]?.message).toMatch(/expected fail cannot be confirmed; kyverno test reports such a row as "excluded"/);
  });

  it('name the difference for a ValidatingPolicy only when kyverno test keeps its empty response (a match with selectors)', async () => {
    const vpol = (match: object) => ({
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'ValidatingPolicy',
      metadata: { name: 'tiers' },
      spec: { matchConstraints: match, validations: [{ expression: 'false', message: 'denied' }] },
    });
    const rules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['statefulsets'] }];
    const files = (match: object): SuiteFiles => ({
      'kyverno-test.yaml': { ...suite([]), results: [{ policy: 'tiers', kind: 'Deployment', resources: ['api'], result: 'fail', isValidatingPolicy: true }] },
      'policy.yaml': vpol(match),
      'resources.yaml': [deployment('api', 'shop', 'back')],
    });
    const plain = await runMemorySuite(files({ resourceRules: rules }));
    expect(plain.problems).toEqual([]);
    expect(plain.cases.map((c) => [c.actual, c.ok])).toEqual([['no result', false]]);
    expect(plain.cases[0]?.message).not.toMatch(/excluded/);
    const selected = await runMemorySuite(files({ resourceRules: rules, objectSelector: { matchLabels: { team: 'a' } } }));
    expect(selected.cases.map((c) => [c.actual, c.ok])).toEqual([['no result', false]]);
    expect(selected.cases[0]?.message).toMatch(/"excluded"/);
  });

  it('answer any rule a test names for a policy kind without rules', async () => {
    const run = await runMemorySuite({
      'kyverno-test.yaml': { ...suite([]), results: [{ policy: 'tiers', rule: 'whatever-the-test-calls-it', kind: 'Deployment', resources: ['api'], result: 'fail' }] },
      'policy.yaml': {
        apiVersion: 'policies.kyverno.io/v1',
        kind: 'ValidatingPolicy',
        metadata: { name: 'tiers' },
        spec: {
          matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] },
          validations: [{ expression: "object.metadata.namespace != 'shop'", message: 'not in shop' }],
        },
      },
      'resources.yaml': [deployment('api', 'shop', 'back')],
    });
    expect(run.cases.map((c) => [c.actual, c.ok])).toEqual([['fail', true]]);
  });
});
