import { describe, expect, it } from 'vitest';
import type { PolicyMeta } from '../engine/types.ts';
import type { CaseResult } from './compare.ts';
import { namingMissing, type LoadedName } from './missing-names.ts';

const meta = (name: string): PolicyMeta => ({ name, kind: 'ClusterPolicy', severity: 'medium', layer: 'security' }) as PolicyMeta;
const loaded: LoadedName[] = [{ meta: meta('require-tag'), rules: ['check-tag', 'autogen-check-tag'] }, { meta: meta('vpol-sample') }];

const row = (policy: string, rule: string, actual: CaseResult['actual'], ok = false): CaseResult => ({
  file: 'kyverno-test.yaml', policy, rule, kind: 'Pod', resource: 'web', expected: 'pass', actual, ok, message: 'resource Pod/web is not among the test\'s resources',
});

describe('namingMissing', () => {
  it('says when the policy a row names is not loaded, listing the loaded ones', () => {
    const [out] = namingMissing([row('requre-tag', 'check-tag', 'not found')], loaded);
    expect(out?.message).toMatch(/^policy "requre-tag" is not among the test's policies \("require-tag", "vpol-sample"\)/);
    expect(out?.ok).toBe(false);
  });

  it('says when the rule is not the policy\'s, listing its own rules, and accepts autogen names', () => {
    const [out] = namingMissing([row('require-tag', 'check-tags', 'no result')], loaded);
    expect(out?.message).toMatch(/^policy "require-tag" has no rule "check-tags" \(its rules: "check-tag"\)/);
    const [kept] = namingMissing([row('require-tag', 'check-tag', 'no result')], loaded);
    expect(kept?.message).toBe('resource Pod/web is not among the test\'s resources');
  });

  it('leaves agreeing rows, other mismatches and ruleless policies alone; a namespaced policy is found by name', () => {
    const rows = [row('nope', 'x', 'fail'), row('nope', 'x', 'not found', true), row('vpol-sample', 'whatever', 'no result'), row('default/require-tag', 'check-tag', 'not found')];
    expect(namingMissing(rows, loaded).map((c) => c.message)).toEqual(rows.map((c) => c.message));
  });
});
