import { describe, expect, it } from 'vitest';
import { selectorMatches } from './selector.ts';

const labels = { app: 'web', tier: 'frontend', 'team.example.com/owner': 'payments' };

describe('selectorMatches', () => {
  it('matchLabels requires every pair', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toEqual({ matched: true });
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'backend' } }, labels)).toEqual({ matched: false });
    expect(selectorMatches({ matchLabels: { missing: 'x' } }, labels)).toEqual({ matched: false });
  });

  it('an empty selector matches everything', () => {
    expect(selectorMatches({}, {})).toEqual({ matched: true });
  });

  it('matchLabels keys and values may use wildcards', () => {
    expect(selectorMatches({ matchLabels: { app: 'w*' } }, labels)).toEqual({ matched: true });
    expect(selectorMatches({ matchLabels: { 'team.example.com/*': '?*' } }, labels)).toEqual({ matched: true });
    expect(selectorMatches({ matchLabels: { '*': 'front*' } }, labels)).toEqual({ matched: true });
    expect(selectorMatches({ matchLabels: { app: 'x*' } }, labels)).toEqual({ matched: false });
  });

  it('matchExpressions In, NotIn, Exists, DoesNotExist', () => {
    const expr = (key: string, operator: string, values?: string[]) => ({
      matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
    });
    expect(selectorMatches(expr('app', 'In', ['web', 'api']), labels)).toEqual({ matched: true });
    expect(selectorMatches(expr('app', 'In', ['api']), labels)).toEqual({ matched: false });
    expect(selectorMatches(expr('app', 'NotIn', ['api']), labels)).toEqual({ matched: true });
    expect(selectorMatches(expr('app', 'NotIn', ['web']), labels)).toEqual({ matched: false });
    expect(selectorMatches(expr('absent', 'NotIn', ['web']), labels)).toEqual({ matched: true });
    expect(selectorMatches(expr('tier', 'Exists'), labels)).toEqual({ matched: true });
    expect(selectorMatches(expr('absent', 'Exists'), labels)).toEqual({ matched: false });
    expect(selectorMatches(expr('absent', 'DoesNotExist'), labels)).toEqual({ matched: true });
    expect(selectorMatches(expr('tier', 'DoesNotExist'), labels)).toEqual({ matched: false });
  });

  it('reports invalid selectors as errors', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, labels)).toHaveProperty('error');
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, labels)).toHaveProperty('error');
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, labels)).toHaveProperty('error');
    expect(selectorMatches('app=web', labels)).toHaveProperty('error');
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] };
    expect(selectorMatches(selector, labels)).toEqual({ matched: false });
  });
});
