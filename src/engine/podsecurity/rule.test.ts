import { describe, expect, it } from 'vitest';
import { parsePodSecurityRule } from './rule.ts';

describe('parsePodSecurityRule', () => {
  it('reads level, version and exclusions', () => {
    const parsed = parsePodSecurityRule({
      level: 'restricted',
      version: 'v1.29',
      exclude: [{ controlName: 'Capabilities', images: ['nginx*'], restrictedField: 'spec.containers[*].securityContext.capabilities.add', values: ['NET_ADMIN'] }],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        level: 'restricted',
        version: 'v1.29',
        exclude: [{ controlName: 'Capabilities', images: ['nginx*'], restrictedField: 'spec.containers[*].securityContext.capabilities.add', values: ['NET_ADMIN'] }],
      },
    });
  });

  it('treats a missing version as latest', () => {
    expect(parsePodSecurityRule({ level: 'baseline' })).toEqual({ ok: true, value: { level: 'baseline' } });
    expect(parsePodSecurityRule({ level: 'baseline', version: 'latest' })).toEqual({ ok: true, value: { level: 'baseline', version: 'latest' } });
  });

  it.each([
    [null, /object/],
    [{ level: 'strict' }, /level must be one of/],
    [{ level: 'baseline', version: '1.29' }, /invalid version "1.29"/],
    [{ level: 'baseline', version: 'v1.29.3' }, /invalid version/],
    [{ level: 'baseline', exclude: {} }, /exclude must be a list/],
    [{ level: 'baseline', exclude: [{ controlName: 'Nope' }] }, /controlName must be one of/],
    [{ level: 'baseline', exclude: [{ controlName: 'Privileged Containers' }] }, /images must be specified/],
    [{ level: 'baseline', exclude: [{ controlName: 'Host Namespaces', images: ['*'] }] }, /images must not be specified/],
    [{ level: 'baseline', exclude: [{ controlName: 'Sysctls', restrictedField: 'spec.securityContext.sysctls[*].name' }] }, /values is required/],
    [{ level: 'baseline', exclude: [{ controlName: 'Sysctls', values: ['a'] }] }, /restrictedField is required/],
    [{ level: 'baseline', exclude: [{ controlName: 'Running as Non-root' }] }, /restricted level, not baseline/],
    [{ level: 'baseline', exclude: [{ controlName: 'Capabilities', images: [1] }] }, /list of strings/],
  ])('rejects %j', (input, message) => {
    const parsed = parsePodSecurityRule(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('allows Seccomp and Capabilities exclusions at the baseline level', () => {
    expect(parsePodSecurityRule({ level: 'baseline', exclude: [{ controlName: 'Seccomp' }, { controlName: 'Capabilities', images: ['*'] }] }).ok).toBe(true);
  });
});
