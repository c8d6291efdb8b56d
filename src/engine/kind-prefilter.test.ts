import { describe, expect, it } from 'vitest';
import { mayMatchKind } from './kind-prefilter.ts';

describe('mayMatchKind', () => {
  it('rules out kinds the match cannot select', () => {
    const rule = { match: { any: [{ resources: { kinds: ['Pod', 'apps/v1/Deployment'] } }, { resources: { kinds: ['batch/*/CronJob'] } }] } };
    expect(mayMatchKind(rule, 'Pod')).toBe(true);
    expect(mayMatchKind(rule, 'Deployment')).toBe(true);
    expect(mayMatchKind(rule, 'CronJob')).toBe(true);
    expect(mayMatchKind(rule, 'Service')).toBe(false);
  });
  it('keeps every kind when a filter has no kinds or a wildcard kind', () => {
    expect(mayMatchKind({ match: { any: [{ resources: { kinds: ['Pod'] } }, { resources: { names: ['x'] } }] } }, 'Service')).toBe(true);
    expect(mayMatchKind({ match: { any: [{ resources: { kinds: ['*'] } }] } }, 'Service')).toBe(true);
    expect(mayMatchKind({ match: { resources: { kinds: ['Po?'] } } }, 'Service')).toBe(true);
  });
  it('bounds `all` by any filter that names kinds, and reads the legacy form', () => {
    expect(mayMatchKind({ match: { all: [{ resources: { namespaces: ['a'] } }, { resources: { kinds: ['Pod'] } }] } }, 'Service')).toBe(false);
    expect(mayMatchKind({ match: { resources: { kinds: ['Namespace'] } } }, 'Namespace')).toBe(true);
    expect(mayMatchKind({ match: { resources: { kinds: ['Namespace'] } } }, 'Pod')).toBe(false);
  });
});
