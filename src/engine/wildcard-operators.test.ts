import { describe, expect, it } from 'vitest';
import { hasWildcard, wildcardMatch } from './wildcard.ts';

describe('wildcardMatch', () => {
  it.each([
    ['kube-*', 'kube-system', true],
    ['kube-*', 'kube-', true],
    ['kube-*', 'default', false],
    ['*', '', true],
    ['?', 'a', true],
    ['?', '', false],
    ['a?c', 'abc', true],
    ['a?c', 'abbc', false],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'example.com', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
    ['', '', true],
    ['', 'x', false],
  ])('%s ~ %s -> %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it('detects wildcards', () => {
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
    expect(hasWildcard('abc')).toBe(false);
  });
});
