import { describe, expect, it } from 'vitest';
import { hasWildcard, wildcardMatch } from './wildcard.ts';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['?*', '', false],
    ['?*', 'x', true],
    ['?', 'ab', false],
    ['??', 'ab', true],
    ['registry.example.com/*', 'registry.example.com/team/app:1.0', true],
    ['registry.example.com/*', 'docker.io/library/app', false],
    ['*:latest', 'app:latest', true],
    ['*:latest', 'app:latest-rc', false],
    ['*:*', 'app', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['plain', 'plain', true],
    ['plain', 'Plain', false],
    ['*/*', 'a/b', true],
    ['é?', 'éü', true],
  ])('%j against %j is %s', (pattern, name, expected) => {
    expect(wildcardMatch(pattern, name)).toBe(expected);
  });

  it('does not blow up on patterns that backtrack a lot', () => {
    const name = 'a'.repeat(5000);
    expect(wildcardMatch('a*a*a*a*a*a*a*a*b', name)).toBe(false);
  });

  it('detects wildcard characters', () => {
    expect(hasWildcard('app.kubernetes.io/*')).toBe(true);
    expect(hasWildcard('team-?')).toBe(true);
    expect(hasWildcard('app')).toBe(false);
  });
});
