import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseRepoConfig } from './config.ts';

describe('parseRepoConfig', () => {
  it('defaults when absent or empty', () => {
    expect(parseRepoConfig(undefined)).toEqual({ ok: true, value: DEFAULT_CONFIG });
    expect(parseRepoConfig('# nothing\n')).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });
  it('reads the known keys', () => {
    expect(parseRepoConfig('failurePolicy: ignore\nmaxReviewComments: 5\nreviewComments: false\nwarningsConclusion: success\n')).toEqual({
      ok: true,
      value: { failurePolicy: 'ignore', maxReviewComments: 5, reviewComments: false, warningsConclusion: 'success', policies: [], builtinPolicies: true },
    });
  });
  it('reads repository policy folders, normalised', () => {
    expect(parseRepoConfig('policies: [./cluster/policies/, extra.yaml, .]\nbuiltinPolicies: false\n')).toMatchObject({
      ok: true,
      value: { policies: ['cluster/policies', 'extra.yaml', ''], builtinPolicies: false },
    });
    expect(parseRepoConfig('builtinPolicies: false\n')).toMatchObject({ ok: false, error: expect.stringContaining('no policies folder') });
    expect(parseRepoConfig('policies: cluster\n')).toMatchObject({ ok: false });
  });
  it('rejects wrong values with a reason', () => {
    expect(parseRepoConfig('failurePolicy: maybe')).toMatchObject({ ok: false, error: expect.stringContaining('failurePolicy') });
    expect(parseRepoConfig('maxReviewComments: -1')).toMatchObject({ ok: false });
    expect(parseRepoConfig('- a list')).toMatchObject({ ok: false });
    expect(parseRepoConfig('a: [')).toMatchObject({ ok: false, error: expect.stringContaining('not valid YAML') });
  });
});
