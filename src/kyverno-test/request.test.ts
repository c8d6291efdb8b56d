import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const deployment = (labels: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

const test = (results: object[], extra: object = {}) => ({
  apiVersion: 'cli.kyverno.io/v1alpha1',
  kind: 'Test',
  metadata: { name: 't' },
  policies: ['policy.yaml'],
  resources: ['resources.yaml'],
  results,
  ...extra,
});

const policy = (rule: object) => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p' },
  spec: { background: false, rules: [{ name: 'r', ...rule }] },
});

async function outcome(files: SuiteFiles): Promise<{ actual: string; ok: boolean; message: string }[]> {
  const run = await runMemorySuite(files);
  expect(run.problems).toEqual([]);
  expect(run.cases.length).toBeGreaterThan(0);
  return run.cases.map((c) => ({ actual: c.actual, ok: c.ok, message: c.message }));
}

describe('request.operation UPDATE with request.oldObject from the Values file', () => {
  // pass only when a protected label changes between the old and the new object
  const freeze = policy({
    match: { any: [{ resources: { kinds: ['Deployment'], operations: ['UPDATE'] } }] },
    validate: {
      failureAction: 'Enforce',
      message: 'the team label is frozen',
      deny: { conditions: { any: [{ key: '{{ request.object.metadata.labels.team }}', operator: 'NotEquals', value: '{{ request.oldObject.metadata.labels.team }}' }] } },
    },
  });

  it('fails when the old object had another value', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'fail' }], { variables: 'values.yaml' }),
      'policy.yaml': freeze,
      'resources.yaml': deployment({ team: 'blue' }),
      'values.yaml': { apiVersion: 'cli.kyverno.io/v1alpha1', kind: 'Values', globalValues: { 'request.operation': 'UPDATE', 'request.oldObject.metadata.labels.team': 'green' } },
    };
    expect(await outcome(files)).toEqual([expect.objectContaining({ actual: 'fail', ok: true })]);
  });

  it('passes when the old object is the resource itself (nothing changed)', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'pass' }], { values: { globalValues: { 'request.operation': 'UPDATE' } } }),
      'policy.yaml': freeze,
      'resources.yaml': deployment({ team: 'blue' }),
    };
    expect(await outcome(files)).toEqual([expect.objectContaining({ actual: 'pass', ok: true })]);
  });

  it('match.resources.operations leaves a CREATE alone', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'fail' }]),
      'policy.yaml': freeze,
      'resources.yaml': deployment({ team: 'blue' }),
    };
    const [result] = await outcome(files);
    expect(result).toMatchObject({ actual: 'no result', ok: false });
  });
});

describe('request.operation DELETE', () => {
  const protect = policy({
    match: { any: [{ resources: { kinds: ['Deployment'], operations: ['DELETE'] } }] },
    validate: {
      failureAction: 'Enforce',
      message: 'protected',
      deny: {
        conditions: {
          all: [
            { key: '{{ request.oldObject.metadata.labels.protected || \'\' }}', operator: 'Equals', value: 'true' },
            // on DELETE, request.object in a condition reads the old object, as in Kyverno
            { key: '{{ request.object.metadata.name }}', operator: 'Equals', value: 'web' },
          ],
        },
      },
    },
  });
  it('judges the old object, which is the resource under review', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'fail' }], { variables: 'values.yaml' }),
      'policy.yaml': protect,
      'resources.yaml': deployment({ protected: 'true' }),
      'values.yaml': { apiVersion: 'cli.kyverno.io/v1alpha1', kind: 'Values', policies: [{ name: 'p', resources: [{ name: 'web', values: { 'request.operation': 'DELETE' } }] }] },
    };
    expect(await outcome(files)).toEqual([expect.objectContaining({ actual: 'fail', ok: true })]);
  });
});

describe('Values that change the request', () => {
  it('request.object values (quoted keys too) change what the rule matches', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test(
        [
          { policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'fail' },
          { policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/api'], result: 'skip' },
        ],
        { variables: 'values.yaml' },
      ),
      'policy.yaml': policy({
        match: { any: [{ resources: { kinds: ['Deployment'], annotations: { 'example.com/owner': 'platform' } } }] },
        validate: { message: 'owned by the platform team', deny: {} },
      }),
      'resources.yaml': [deployment({}), { ...deployment({}), metadata: { name: 'api', namespace: 'shop' } }],
      'values.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Values',
        policies: [{ name: 'p', resources: [{ name: 'web', values: { 'request.object.metadata.annotations."example.com/owner"': 'platform' } }] }],
      },
    };
    const results = await outcome(files);
    expect(results[0]).toMatchObject({ actual: 'fail', ok: true });
    expect(results[1]).toMatchObject({ ok: true });
  });

  it('a nested `request` value merges into the request instead of replacing it; rule values win over resource values', async () => {
    const files: SuiteFiles = {
      'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result: 'fail' }], { variables: 'values.yaml' }),
      'policy.yaml': policy({
        match: { any: [{ resources: { kinds: ['Deployment'] } }] },
        validate: {
          message: 'admins only',
          deny: {
            conditions: {
              all: [
                { key: '{{ request.userInfo.groups }}', operator: 'AnyIn', value: ['ops'] },
                { key: '{{ request.object.metadata.name }}', operator: 'Equals', value: 'web' },
                { key: '{{ level }}', operator: 'Equals', value: 'rule' },
              ],
            },
          },
        },
      }),
      'resources.yaml': deployment({}),
      'values.yaml': {
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Values',
        policies: [
          {
            name: 'p',
            rules: [{ name: 'r', values: { request: { userInfo: { groups: ['ops'] } }, level: 'rule' } }],
            resources: [{ name: 'web', values: { level: 'resource' } }],
          },
        ],
      },
    };
    expect(await outcome(files)).toEqual([expect.objectContaining({ actual: 'fail', ok: true })]);
  });
});

describe('the UserInfo file: roles and clusterRoles next to userInfo', () => {
  const byClusterRole = policy({
    match: { any: [{ resources: { kinds: ['Deployment'] }, clusterRoles: ['platform-admin'] }] },
    validate: { message: 'admins tag their work', deny: { conditions: { any: [{ key: '{{ request.clusterRoles }}', operator: 'AnyNotIn', value: ['platform-admin'] }] } } },
  });
  const files = (clusterRoles: string[], result: string): SuiteFiles => ({
    'kyverno-test.yaml': test([{ policy: 'p', rule: 'r', kind: 'Deployment', resources: ['shop/web'], result }], { userinfo: 'user.yaml' }),
    'policy.yaml': byClusterRole,
    'resources.yaml': deployment({}),
    'user.yaml': { apiVersion: 'cli.kyverno.io/v1alpha1', kind: 'UserInfo', clusterRoles, userInfo: { username: 'ana@example.com' } },
  });

  it('a rule matching on clusterRoles selects the request of a user who has the role, and request.clusterRoles carries it', async () => {
    expect(await outcome(files(['platform-admin'], 'pass'))).toEqual([expect.objectContaining({ actual: 'pass', ok: true })]);
  });

  it('the rule does not select the request of a user without the role', async () => {
    expect(await outcome(files(['view'], 'pass'))).toEqual([expect.objectContaining({ actual: 'no result', ok: false })]);
  });
});
