import { describe, expect, it } from 'vitest';
import { setDotted, withVariables } from './scope-data.ts';

describe('scope data', () => {
  it('sets dotted names as nested paths without touching the input', () => {
    const data = { request: { operation: 'CREATE', object: { kind: 'Pod' } } };
    const next = setDotted(data, 'request.operation', 'UPDATE');
    expect(next).toEqual({ request: { operation: 'UPDATE', object: { kind: 'Pod' } } });
    expect(data.request.operation).toBe('CREATE');
  });
  it('applies many variables in order', () => {
    expect(withVariables({}, { 'a.b': 1, c: 'x', 'a.d': [1] })).toEqual({ a: { b: 1, d: [1] }, c: 'x' });
  });
});
