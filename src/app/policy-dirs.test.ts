import { delimiter, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyDirsFromEnv } from './policy-dirs.ts';

describe('policyDirsFromEnv', () => {
  it('adds PREADMIT_POLICIES folders to the built-in ones, or replaces them with PREADMIT_NO_BUILTIN', () => {
    expect(policyDirsFromEnv({}, '/builtin', '/srv')).toEqual(['/builtin']);
    expect(policyDirsFromEnv({ PREADMIT_POLICIES: `org${delimiter}/abs` }, '/builtin', '/srv')).toEqual(['/builtin', resolve('/srv', 'org'), '/abs']);
    expect(policyDirsFromEnv({ PREADMIT_POLICIES: 'org', PREADMIT_NO_BUILTIN: 'true' }, '/builtin', '/srv')).toEqual([resolve('/srv', 'org')]);
  });
});
