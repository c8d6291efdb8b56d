import { describe, expect, it } from 'vitest';
import { containsKind, gvkOf, kindsMatch, parseKindSelector, plainKindOf } from './kinds.ts';
import { wildcardMatch } from '../wildcard.ts';

const pod = { group: '', version: 'v1', kind: 'Pod' };
const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const ingress = { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' };

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['kube-*', 'kube-system', true],
    ['kube-*', 'default', false],
    ['*-system', 'kube-system', true],
    ['?*', '', false],
    ['?*', 'x', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['abc?', 'abc', false],
    ['abc?', 'abcd', true],
    ['a.c', 'abc', false],
    ['mnop*?', 'mnop', false],
    ['mnop*?and', 'mnopqand', true],
    ['*a*b', 'xxaxxb', true],
    ['*a*b', 'xxaxxbx', false],
    ['prod-*-web', 'prod-eu-web', true],
  ])('%s vs %s -> %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
});

describe('parseKindSelector', () => {
  it.each([
    ['Pod', { group: '*', version: '*', kind: 'Pod', subresource: '' }],
    ['v1/Pod', { group: '*', version: 'v1', kind: 'Pod', subresource: '' }],
    ['apps/v1/Deployment', { group: 'apps', version: 'v1', kind: 'Deployment', subresource: '' }],
    ['apps/*/Deployment', { group: 'apps', version: '*', kind: 'Deployment', subresource: '' }],
    ['*/Pod', { group: '*', version: '*', kind: 'Pod', subresource: '' }],
    ['Pod/exec', { group: '*', version: '*', kind: 'Pod', subresource: 'exec' }],
    ['v1/Pod/exec', { group: '*', version: 'v1', kind: 'Pod', subresource: 'exec' }],
    ['apps/v1/Deployment/scale', { group: 'apps', version: 'v1', kind: 'Deployment', subresource: 'scale' }],
    ['*/*', { group: '*', version: '*', kind: '*', subresource: '*' }],
    ['*/scale', { group: '*', version: '*', kind: '*', subresource: 'scale' }],
    ['v2beta1/HorizontalPodAutoscaler', { group: '*', version: 'v2beta1', kind: 'HorizontalPodAutoscaler', subresource: '' }],
  ])('%s', (input, expected) => {
    expect(parseKindSelector(input)).toEqual(expected);
  });
});

describe('kindsMatch', () => {
  it('matches plain, versioned and fully qualified kinds', () => {
    expect(kindsMatch(['Pod'], pod)).toBe(true);
    expect(kindsMatch(['v1/Pod'], pod)).toBe(true);
    expect(kindsMatch(['v2/Pod'], pod)).toBe(false);
    expect(kindsMatch(['apps/v1/Deployment'], deployment)).toBe(true);
    expect(kindsMatch(['extensions/v1beta1/Deployment'], deployment)).toBe(false);
    expect(kindsMatch(['apps/*/Deployment'], deployment)).toBe(true);
    expect(kindsMatch(['networking.k8s.io/v1/Ingress'], ingress)).toBe(true);
    expect(kindsMatch(['*/Pod'], pod)).toBe(true);
    expect(kindsMatch(['Deployment'], pod)).toBe(false);
  });

  it('supports wildcards in kinds', () => {
    expect(kindsMatch(['*'], deployment)).toBe(true);
    expect(kindsMatch(['Deploy*'], deployment)).toBe(true);
    expect(kindsMatch(['*Set'], deployment)).toBe(false);
    expect(kindsMatch(['*/*'], pod)).toBe(true);
  });

  it('does not match a plain object with a subresource kind', () => {
    expect(kindsMatch(['Pod/exec'], pod)).toBe(false);
    expect(kindsMatch(['Pod/exec'], pod, 'exec')).toBe(true);
    expect(kindsMatch(['Pod'], pod, 'exec')).toBe(true);
    expect(kindsMatch(['Pod'], pod, 'ephemeralcontainers')).toBe(true);
    expect(kindsMatch(['Deployment/scale'], deployment)).toBe(false);
  });

  it('reads group and version from apiVersion', () => {
    expect(gvkOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual(deployment);
    expect(gvkOf({ apiVersion: 'v1', kind: 'Pod' })).toEqual(pod);
    expect(gvkOf({})).toEqual({ group: '', version: '', kind: '' });
  });
});

describe('containsKind', () => {
  it('finds the plain kind in any form', () => {
    expect(plainKindOf('Pod')).toBe('Pod');
    expect(plainKindOf('v1/Pod')).toBe('Pod');
    expect(plainKindOf('apps/v1/Deployment')).toBe('Deployment');
    expect(plainKindOf('Pod/exec')).toBe('Pod');
    expect(plainKindOf('apps/v1/Deployment/scale')).toBe('Deployment');
    expect(containsKind(['v1/Pod'], 'Pod')).toBe(true);
    expect(containsKind(['Deployment'], 'Pod')).toBe(false);
  });
});
