import { describe, expect, it } from 'vitest';
import { mergeVariable, setDotted, splitVariableName, withVariables } from './scope-data.ts';

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

describe('Kyverno variable names', () => {
  it('keeps quoted parts whole', () => {
    expect(splitVariableName('request.object.metadata.annotations."example.com/team"')).toEqual(['request', 'object', 'metadata', 'annotations', 'example.com/team']);
    expect(splitVariableName('a')).toEqual(['a']);
    expect(splitVariableName('"a""b".c')).toEqual(['a"b', 'c']);
  });
  it('merges mappings into the data instead of replacing them', () => {
    const data = { request: { operation: 'CREATE', object: { kind: 'Pod' } } };
    const next = mergeVariable(data, 'request', { operation: 'UPDATE', userInfo: { groups: ['g'] } });
    expect(next).toEqual({ request: { operation: 'UPDATE', object: { kind: 'Pod' }, userInfo: { groups: ['g'] } } });
    expect(data.request.operation).toBe('CREATE');
  });
  it('sets a quoted annotation key on the object under review', () => {
    const data = { request: { object: { metadata: { name: 'r' } } } };
    expect(withVariables(data, { 'request.object.metadata.annotations."example.com/x"': 'true' })).toEqual({
      request: { object: { metadata: { name: 'r', annotations: { 'example.com/x': 'true' } } } },
    });
  });
});
