import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { matchRule, type MatchInput } from './match.ts';

const pod = (meta: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ...meta },
  spec: { containers: [] },
});
const deployment: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
const namespace: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { env: 'prod' } } };

const input = (resource: JsonObject, extra: Partial<MatchInput> = {}): MatchInput => ({
  resource,
  operation: 'CREATE',
  policyKind: 'ClusterPolicy',
  ...extra,
});
const anyOf = (...resources: JsonObject[]): JsonObject => ({ match: { any: resources.map((r) => ({ resources: r })) } });
const applies = (rule: JsonObject, i: MatchInput) => matchRule(rule, i).applies;

describe('matchRule: match blocks', () => {
  it('legacy form: resources directly under match', () => {
    const rule = { match: { resources: { kinds: ['Pod'] } } };
    expect(applies(rule, input(pod()))).toBe(true);
    expect(applies(rule, input(deployment))).toBe(false);
  });

  it('any is an OR of filters', () => {
    const rule = anyOf({ kinds: ['Deployment'] }, { kinds: ['Pod'], names: ['web-*'] });
    expect(applies(rule, input(pod()))).toBe(true);
    expect(applies(rule, input(deployment))).toBe(true);
    expect(applies(rule, input(pod({ name: 'api' })))).toBe(false);
  });

  it('all is an AND of filters', () => {
    const rule = { match: { all: [{ resources: { kinds: ['Pod'] } }, { resources: { namespaces: ['prod'] } }] } };
    expect(applies(rule, input(pod()))).toBe(false);
    expect(applies(rule, input(pod({ namespace: 'prod' })))).toBe(true);
  });

  it('an empty match selects nothing and says why', () => {
    const verdict = matchRule({ match: {} }, input(pod()));
    expect(verdict).toEqual({ applies: false, reason: expect.stringContaining('empty') });
    expect(applies({}, input(pod()))).toBe(false);
  });

  it('empty kinds do not restrict the kind', () => {
    expect(applies(anyOf({ kinds: [], namespaces: ['shop'] }), input(deployment))).toBe(true);
  });

  it('kind forms and wildcards', () => {
    expect(applies(anyOf({ kinds: ['apps/v1/Deployment'] }), input(deployment))).toBe(true);
    expect(applies(anyOf({ kinds: ['apps/*/Deployment'] }), input(deployment))).toBe(true);
    expect(applies(anyOf({ kinds: ['batch/v1/Deployment'] }), input(deployment))).toBe(false);
    expect(applies(anyOf({ kinds: ['*'] }), input(deployment))).toBe(true);
    expect(applies(anyOf({ kinds: ['Pod/exec'] }), input(pod()))).toBe(false);
    expect(applies(anyOf({ kinds: ['Pod/exec'] }), input(pod(), { operation: 'CONNECT', subresource: 'exec' }))).toBe(true);
  });

  it('name (deprecated) and names with wildcards; generateName when there is no name', () => {
    expect(applies(anyOf({ kinds: ['Pod'], name: 'web-?' }), input(pod()))).toBe(true);
    expect(applies(anyOf({ kinds: ['Pod'], name: 'api' }), input(pod()))).toBe(false);
    const generated = pod({ name: null, generateName: 'batch-' });
    delete (generated['metadata'] as JsonObject)['name'];
    expect(applies(anyOf({ kinds: ['Pod'], names: ['batch-*'] }), input(generated))).toBe(true);
  });

  it('namespaces with wildcards; a Namespace is checked by its own name', () => {
    expect(applies(anyOf({ kinds: ['Pod'], namespaces: ['sh*'] }), input(pod()))).toBe(true);
    expect(applies(anyOf({ kinds: ['Pod'], namespaces: ['kube-*'] }), input(pod()))).toBe(false);
    expect(applies(anyOf({ kinds: ['Namespace'], namespaces: ['shop'] }), input(namespace))).toBe(true);
  });

  it('selector and annotations', () => {
    expect(applies(anyOf({ kinds: ['Pod'], selector: { matchLabels: { app: 'web' } } }), input(pod()))).toBe(true);
    expect(applies(anyOf({ kinds: ['Pod'], selector: { matchLabels: { app: 'api' } } }), input(pod()))).toBe(false);
    const annotated = pod({ annotations: { 'example.com/scan': 'enabled' } });
    expect(applies(anyOf({ kinds: ['Pod'], annotations: { 'example.com/*': 'enab*' } }), input(annotated))).toBe(true);
    expect(applies(anyOf({ kinds: ['Pod'], annotations: { 'example.com/scan': 'off' } }), input(annotated))).toBe(false);
  });

  it('operations', () => {
    const rule = anyOf({ kinds: ['Pod'], operations: ['UPDATE', 'DELETE'] });
    expect(applies(rule, input(pod()))).toBe(false);
    expect(applies(rule, input(pod(), { operation: 'UPDATE' }))).toBe(true);
    expect(matchRule(rule, input(pod()))).toEqual({ applies: false, reason: expect.stringContaining('CREATE') });
  });

  it('namespaceSelector uses the labels of the resource namespace', () => {
    const rule = anyOf({ kinds: ['Pod'], namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(applies(rule, input(pod(), { namespaceLabels: { shop: { env: 'prod' } } }))).toBe(true);
    expect(applies(rule, input(pod(), { namespaceLabels: { shop: { env: 'dev' } } }))).toBe(false);
    // unknown namespace labels: as kyverno test without values, the selector sees no labels
    expect(applies(rule, input(pod()))).toBe(false);
    const negative = anyOf({ kinds: ['Pod'], namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } });
    expect(applies(negative, input(pod()))).toBe(true);
    // never for a Namespace itself
    expect(applies(anyOf({ kinds: ['Namespace'], namespaceSelector: {} }), input(namespace))).toBe(false);
  });
});

describe('matchRule: exclude', () => {
  const base = { kinds: ['Pod'] };
  it('legacy exclude removes matching resources', () => {
    const rule = { match: { any: [{ resources: base }] }, exclude: { resources: { namespaces: ['shop'] } } };
    expect(matchRule(rule, input(pod()))).toEqual({ applies: false, reason: expect.stringContaining('exclude') });
    expect(applies(rule, input(pod({ namespace: 'other' })))).toBe(true);
  });

  it('exclude any: one matching filter excludes', () => {
    const rule = {
      match: { any: [{ resources: base }] },
      exclude: { any: [{ resources: { namespaces: ['kube-system'] } }, { resources: { selector: { matchLabels: { app: 'web' } } } }] },
    };
    expect(applies(rule, input(pod()))).toBe(false);
    expect(applies(rule, input(pod({ labels: { app: 'api' } })))).toBe(true);
  });

  it('exclude all: every filter must match to exclude', () => {
    const rule = {
      match: { any: [{ resources: base }] },
      exclude: { all: [{ resources: { namespaces: ['shop'] } }, { resources: { names: ['web-*'] } }] },
    };
    expect(applies(rule, input(pod()))).toBe(false);
    expect(applies(rule, input(pod({ name: 'api-1' })))).toBe(true);
  });

  it('an empty exclude excludes nothing', () => {
    expect(applies({ match: { any: [{ resources: base }] }, exclude: {} }, input(pod()))).toBe(true);
    expect(applies({ match: { any: [{ resources: base }] }, exclude: { any: [{}] } }, input(pod()))).toBe(true);
  });
});

describe('matchRule: namespaced Policy', () => {
  const rule = anyOf({ kinds: ['Pod'] });
  it('applies only in its own namespace', () => {
    expect(applies(rule, input(pod(), { policyKind: 'Policy', policyNamespace: 'shop' }))).toBe(true);
    const verdict = matchRule(rule, input(pod(), { policyKind: 'Policy', policyNamespace: 'billing' }));
    expect(verdict).toEqual({ applies: false, reason: expect.stringContaining('billing') });
  });
  it('a resource and a Policy without namespace are both in "default"', () => {
    const bare = pod();
    delete (bare['metadata'] as JsonObject)['namespace'];
    expect(applies(rule, input(bare, { policyKind: 'Policy' }))).toBe(true);
    expect(applies(rule, input(bare, { policyKind: 'Policy', policyNamespace: 'shop' }))).toBe(false);
  });
  it('never selects cluster-scoped resources', () => {
    expect(applies(anyOf({ kinds: ['Namespace'] }), input(namespace, { policyKind: 'Policy', policyNamespace: 'default' }))).toBe(false);
  });
});

describe('matchRule: subjects, roles and clusterRoles', () => {
  const user = { roles: ['shop:dev'], clusterRoles: ['view'], userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts'] } };
  const matchByRole = { match: { any: [{ resources: { kinds: ['Pod'] }, clusterRoles: ['cluster-admin'] }] } };
  const excludeAdmins = { match: { any: [{ resources: { kinds: ['Pod'] } }] }, exclude: { any: [{ clusterRoles: ['cluster-admin'] }] } };

  it('is unknown without user information when the decision depends on it', () => {
    expect(matchRule(matchByRole, input(pod()))).toEqual({ applies: 'unknown', reason: expect.stringContaining('clusterRoles') });
    expect(applies(excludeAdmins, input(pod()))).toBe('unknown');
  });

  it('is decided by the resource when that already rules it out', () => {
    expect(applies(matchByRole, input(deployment))).toBe(false);
    const rule = { ...excludeAdmins, match: { any: [{ resources: { kinds: ['Deployment'] } }] } };
    expect(applies(rule, input(pod()))).toBe(false);
  });

  it('as the Kyverno CLI without a user: ignored in match, never excluding', () => {
    expect(applies(matchByRole, input(pod(), { unknownUser: 'kyverno-cli' }))).toBe(true);
    expect(applies(excludeAdmins, input(pod(), { unknownUser: 'kyverno-cli' }))).toBe(true);
    // an empty user is Kyverno's empty request info: the same
    expect(applies(matchByRole, input(pod(), { userInfo: {} }))).toBe(true);
    expect(applies(excludeAdmins, input(pod(), { userInfo: { userInfo: { username: '', groups: [] } } }))).toBe(true);
  });

  it('uses the user information when given', () => {
    expect(applies(matchByRole, input(pod(), { userInfo: user }))).toBe(false);
    expect(applies(matchByRole, input(pod(), { userInfo: { ...user, clusterRoles: ['cluster-admin'] } }))).toBe(true);
    expect(applies(excludeAdmins, input(pod(), { userInfo: user }))).toBe(true);
    const bySubject = {
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      exclude: { any: [{ subjects: [{ kind: 'ServiceAccount', name: 'argocd-*', namespace: 'argocd' }] }] },
    };
    expect(applies(bySubject, input(pod(), { userInfo: user }))).toBe(false);
    const byGroup = { ...bySubject, exclude: { any: [{ subjects: [{ kind: 'Group', name: 'system:masters' }] }] } };
    expect(applies(byGroup, input(pod(), { userInfo: user }))).toBe(true);
  });
});
