import { describe, expect, it } from 'vitest';
import { agreementBetween, agreementWithExpected, allowedCount, combine, disagreementPatterns, percent, preadmitVerdicts, verdictsFromRuleIds, type Verdicts } from './pss-compare.ts';
import { podOf, yamlObjects, type BenchPod, type FixturePod } from './pss-pods.ts';

function pod(id: string, yamlSpec: string): BenchPod {
  const [object] = yamlObjects(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${id}}\nspec: ${yamlSpec}\n`);
  const made = podOf(object ?? {}, id);
  if (!made) throw new Error('not a pod');
  return made;
}

const plain = pod('plain', '{containers: [{name: c, image: nginx}]}');
const privileged = pod('priv', '{containers: [{name: c, image: nginx, securityContext: {privileged: true}}]}');

describe('preadmitVerdicts', () => {
  it('denies a privileged container at baseline, naming the check, and allows a plain pod', () => {
    const verdicts = preadmitVerdicts([plain, privileged], 'baseline', 'latest');
    expect(verdicts.get('plain')).toEqual({ verdict: 'allowed', reasons: [] });
    expect(verdicts.get('priv')?.verdict).toBe('denied');
    expect(verdicts.get('priv')?.reasons).toContain('privileged');
  });

  it('reports an unusable version as an error verdict', () => {
    expect(preadmitVerdicts([plain], 'baseline', 'v2.0').get('plain')?.verdict).toBe('error');
  });
});

describe('agreement', () => {
  const fixtures: FixturePod[] = [
    { ...plain, id: 'f1', name: 'pass-x0', level: 'baseline', version: 'v1.37', expectedAllowed: true },
    { ...privileged, id: 'f2', name: 'fail-privileged1', level: 'baseline', version: 'v1.37', expectedAllowed: false },
  ];

  it('counts verdicts equal to the expected ones and lists the others', () => {
    const verdicts: Verdicts = new Map([
      ['f1', { verdict: 'allowed', reasons: [] }],
      ['f2', { verdict: 'allowed', reasons: [] }],
    ]);
    const agreement = agreementWithExpected(fixtures, verdicts);
    expect(agreement).toEqual({ agreed: 1, total: 2, mismatches: ['baseline fail-privileged1: expected denied, got allowed'] });
    expect(percent(agreement)).toBe('50.00%');
    expect(disagreementPatterns(agreement.mismatches, 5, true)).toEqual([{ pattern: 'baseline fail-privileged: expected denied, got allowed', count: 1 }]);
  });

  it('never counts a missing answer or an error as agreement', () => {
    const verdicts: Verdicts = new Map([['f1', { verdict: 'error', reasons: ['boom'] }]]);
    expect(agreementWithExpected(fixtures, verdicts).agreed).toBe(0);
    const errors: Verdicts = new Map([['plain', { verdict: 'error', reasons: ['x'] }]]);
    expect(agreementBetween([plain], 'baseline', errors, errors).agreed).toBe(0);
  });

  it('compares two tools pod by pod and groups the differences', () => {
    const ours = preadmitVerdicts([plain, privileged], 'baseline', 'latest');
    const theirs = verdictsFromRuleIds(new Map([['plain', ['PSS103', 'PSS103']], ['priv', ['PSS103']]]));
    expect(theirs.get('plain')).toEqual({ verdict: 'denied', reasons: ['PSS103'] });
    const agreement = agreementBetween([plain, privileged], 'baseline', ours, theirs);
    expect(agreement.agreed).toBe(1);
    expect(disagreementPatterns(agreement.mismatches)).toEqual([{ pattern: 'baseline: allowed vs denied [PSS103]', count: 1 }]);
    expect(allowedCount(ours)).toBe(1);
    const both = combine([agreement, agreement]);
    expect([both.agreed, both.total, both.mismatches.length]).toEqual([2, 4, 2]);
  });

  it('says n/a when nothing was compared', () => {
    expect(percent({ agreed: 0, total: 0, mismatches: [] })).toBe('n/a');
  });
});
