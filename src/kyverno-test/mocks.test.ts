import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const pod = (name: string, namespace: string, image = 'nginx:1.27') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers: [{ name: 'c', image }] },
});

/** A policy whose one rule loads `context` and denies when `condition` holds. */
const policy = (context: object[], condition: object) => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p' },
  spec: {
    rules: [
      {
        name: 'r',
        context,
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: 'denied', deny: { conditions: { all: [condition] } } },
      },
    ],
  },
});

const test = (results: [string, string][], extra: object = {}) => ({
  apiVersion: 'cli.kyverno.io/v1alpha1',
  kind: 'Test',
  metadata: { name: 'mocks' },
  policies: ['policy.yaml'],
  resources: ['resources.yaml'],
  results: results.map(([resource, result]) => ({ policy: 'p', rule: 'r', kind: 'Pod', resources: [resource], result })),
  ...extra,
});

async function cases(files: SuiteFiles): Promise<[string, string, boolean, string][]> {
  const run = await runMemorySuite(files);
  expect(run.problems).toEqual([]);
  return run.cases.map((c) => [c.resource, c.actual, c.ok, c.message]);
}

describe('mocked API calls (apiCallResponses)', () => {
  it('answer apiCall entries by method and urlPath, through the entry jmesPath', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'fail'], ['free/b', 'pass']], {
        apiCallResponses: [
          { urlPath: '/api/v1/namespaces/team', method: 'GET', response: { body: { metadata: { labels: { locked: 'true' } } } } },
          { urlPath: '/api/v1/namespaces/free', response: { body: { metadata: { labels: {} } } } },
        ],
      }),
      'policy.yaml': policy(
        [{ name: 'locked', apiCall: { urlPath: '/api/v1/namespaces/{{ request.namespace }}', jmesPath: "metadata.labels.locked || 'false'" } }],
        { key: '{{ locked }}', operator: 'Equals', value: 'true' },
      ),
      'resources.yaml': [pod('a', 'team'), pod('b', 'free')],
    };
    expect((await cases(files)).map((c) => c.slice(0, 3))).toEqual([
      ['team/a', 'fail', true],
      ['free/b', 'pass', true],
    ]);
  });

  it('a non-2xx mocked response is an error unless the entry has a default', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'error']], { apiCallResponses: [{ urlPath: '/api/v1/namespaces/team', response: { statusCode: 404, body: { message: 'not found' } } }] }),
      'policy.yaml': policy([{ name: 'ns', apiCall: { urlPath: '/api/v1/namespaces/{{ request.namespace }}' } }], { key: '{{ ns.metadata.name }}', operator: 'Equals', value: 'team' }),
      'resources.yaml': [pod('a', 'team')],
    };
    const [result] = await cases(files);
    expect(result?.slice(0, 3)).toEqual(['team/a', 'error', true]);
    expect(result?.[3]).toContain('HTTP 404');
  });
});

describe('mocked global context entries (globalContextEntries)', () => {
  const rule = policy([{ name: 'count', globalReference: { name: 'deployments', jmesPath: 'items | length(@)' } }], { key: '{{ count }}', operator: 'GreaterThan', value: 1 });
  it('data with projections', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'fail']], {
        globalContextEntries: [{ name: 'deployments', data: { list: [{ name: 'x' }, { name: 'y' }] }, projections: [{ name: 'items', path: 'list' }] }],
      }),
      'policy.yaml': rule,
      'resources.yaml': [pod('a', 'team')],
    };
    expect((await cases(files)).map((c) => c.slice(0, 3))).toEqual([['team/a', 'fail', true]]);
  });

  it('inline resources and resource files, with a projection named in the reference', async () => {
    const byProjection = policy([{ name: 'names', globalReference: { name: 'deployments.names' } }], { key: 'web', operator: 'AnyIn', value: '{{ names }}' });
    const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'team' } });
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'fail']], {
        globalContextEntries: [{ name: 'deployments', resources: [deployment('api')], resourceFiles: ['existing.yaml'], projections: [{ name: 'names', path: '[].metadata.name' }] }],
      }),
      'policy.yaml': byProjection,
      'existing.yaml': [deployment('web')],
      'resources.yaml': [pod('a', 'team')],
    };
    expect((await cases(files)).map((c) => c.slice(0, 3))).toEqual([['team/a', 'fail', true]]);
  });

  it('without a mock or a value the entry is an error that says how to provide one', async () => {
    const files: SuiteFiles = { 'kyverno-test.yaml': test([['team/a', 'error']]), 'policy.yaml': rule, 'resources.yaml': [pod('a', 'team')] };
    const [result] = await cases(files);
    expect(result?.[1]).toBe('error');
    expect(result?.[3]).toMatch(/globalContextEntries|Values file/);
  });
});

describe('context entries answered from the Values file', () => {
  it('apiCall, globalReference and imageRegistry take the rule values; foreachValues feed foreach contexts', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'fail']], { variables: 'values.yaml' }),
      'policy.yaml': {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'p' },
        spec: {
          rules: [
            {
              name: 'r',
              context: [
                { name: 'quota', apiCall: { urlPath: '/api/v1/namespaces/{{ request.namespace }}/resourcequotas' } },
                { name: 'limit', globalReference: { name: 'limits' } },
              ],
              match: { any: [{ resources: { kinds: ['Pod'] } }] },
              validate: {
                message: 'denied',
                foreach: [
                  {
                    list: 'request.object.spec.containers',
                    context: [{ name: 'image', imageRegistry: { reference: '{{ element.image }}' } }],
                    deny: { conditions: { all: [{ key: '{{ image.configData.config.User }}', operator: 'Equals', value: 'root' }, { key: '{{ quota }}', operator: 'Equals', value: 0 }, { key: '{{ limit }}', operator: 'Equals', value: 'none' }] } },
                  },
                ],
              },
            },
          ],
        },
      },
      'values.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Values',
        policies: [{ name: 'p', rules: [{ name: 'r', values: { quota: 0, limit: 'none' }, foreachValues: { image: [{ configData: { config: { User: 'root' } } }] } }] }],
      },
      'resources.yaml': [pod('a', 'team')],
    };
    expect((await cases(files)).map((c) => c.slice(0, 3))).toEqual([['team/a', 'fail', true]]);
  });
});

describe('the context file (kind: Context)', () => {
  it('its resources answer apiCall GETs and configMap entries; its images answer imageRegistry entries', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([['team/a', 'fail'], ['team/b', 'pass']], { context: 'context.yaml' }),
      'policy.yaml': policy(
        [
          { name: 'ns', apiCall: { urlPath: '/api/v1/namespaces/{{ request.namespace }}' } },
          { name: 'settings', configMap: { name: 'settings', namespace: '{{ request.namespace }}' } },
          { name: 'pods', apiCall: { urlPath: '/api/v1/namespaces/{{ request.namespace }}/pods', jmesPath: 'items[].metadata.name' } },
          { name: 'image', imageRegistry: { reference: '{{ request.object.spec.containers[0].image }}', jmesPath: 'configData.config.User' } },
        ],
        { key: "{{ ns.metadata.labels.tier }}-{{ settings.data.mode }}-{{ length(pods) }}-{{ image }}", operator: 'Equals', value: 'prod-strict-1-root' },
      ),
      'context.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Context',
        metadata: { name: 'cluster' },
        spec: {
          resources: [
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { tier: 'prod' } } },
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team' }, data: { mode: 'strict' } },
            pod('existing', 'team'),
          ],
          images: [
            { image: 'nginx:1.27', resolvedImage: 'docker.io/library/nginx@sha256:0', registry: 'docker.io', repository: 'library/nginx', tag: '1.27', config: { config: { User: 'root' } } },
            { image: 'nginx:rootless', registry: 'docker.io', repository: 'library/nginx', tag: 'rootless', config: { config: { User: '101' } } },
          ],
        },
      },
      'resources.yaml': [pod('a', 'team'), pod('b', 'team', 'nginx:rootless')],
    };
    expect((await cases(files)).map((c) => c.slice(0, 3))).toEqual([
      ['team/a', 'fail', true],
      ['team/b', 'pass', true],
    ]);
  });
});
