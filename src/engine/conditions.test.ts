import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../core/json.ts';
import { evaluateConditions } from './conditions.ts';
import type { VariableScope } from './variables.ts';

const scope: VariableScope = {
  data: {
    request: {
      operation: 'UPDATE',
      namespace: 'kube-system',
      object: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }] } },
      userInfo: { username: 'alice', groups: ['dev'] },
    },
  },
};

function holds(conditions: JsonValue): boolean {
  const result = evaluateConditions(conditions, scope);
  if (!result.ok) throw new Error(result.error);
  return result.value.holds;
}

describe('evaluateConditions', () => {
  it('reads a plain list as all', () => {
    expect(holds([{ key: '{{request.operation}}', operator: 'Equals', value: 'UPDATE' }])).toBe(true);
    expect(holds([
      { key: '{{request.operation}}', operator: 'Equals', value: 'UPDATE' },
      { key: '{{request.namespace}}', operator: 'NotEquals', value: 'kube-*' },
    ])).toBe(false);
    expect(holds([])).toBe(true);
  });

  it('combines any and all', () => {
    const any = [
      { key: '{{request.operation}}', operator: 'Equals', value: 'CREATE' },
      { key: '{{request.operation}}', operator: 'Equals', value: 'UPDATE' },
    ];
    const all = [{ key: '{{request.object.spec.replicas}}', operator: 'GreaterThan', value: 1 }];
    expect(holds({ any })).toBe(true);
    expect(holds({ all })).toBe(true);
    expect(holds({ any, all })).toBe(true);
    expect(holds({ any: [any[0] as JsonValue], all })).toBe(false);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({})).toBe(true);
  });

  it('substitutes variables in values too and compares lists', () => {
    expect(holds({ all: [{ key: 'dev', operator: 'AnyIn', value: '{{request.userInfo.groups}}' }] })).toBe(true);
    expect(holds({ all: [{ key: '{{request.object.spec.containers[].name}}', operator: 'AllIn', value: ['a', 'b', 'c'] }] })).toBe(true);
    expect(holds({ all: [{ key: '{{ length(request.object.spec.containers) }}', operator: 'LessThanOrEquals', value: '2' }] })).toBe(true);
  });

  it('reports the message of the condition that decided', () => {
    const denied = evaluateConditions({
      any: [{ key: '{{request.namespace}}', operator: 'AnyIn', value: ['kube-system'], message: 'system namespaces are reserved' }],
    }, scope);
    expect(denied).toEqual({ ok: true, value: { holds: true, message: 'system namespaces are reserved' } });
    const failed = evaluateConditions({
      all: [
        { key: 'a', operator: 'Equals', value: 'a', message: 'first' },
        { key: 'a', operator: 'Equals', value: 'b', message: 'second' },
        { key: 'a', operator: 'Equals', value: 'c', message: 'third' },
      ],
    }, scope);
    expect(failed).toEqual({ ok: true, value: { holds: false, message: 'second' } });
    expect(evaluateConditions([{ key: 'x', operator: 'Equals', value: 'x' }], scope)).toEqual({ ok: true, value: { holds: true } });
  });

  it('is an error for an unknown operator, naming it', () => {
    const result = evaluateConditions({ all: [{ key: 'a', operator: 'Contains', value: 'a' }] }, scope);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('"Contains"');
  });

  it('is an error when a variable cannot be resolved, with no default', () => {
    const result = evaluateConditions({ all: [{ key: '{{request.object.metadata.labels.team}}', operator: 'Equals', value: 'x' }] }, scope);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('condition key');
      expect(result.error).toContain('request.object.metadata.labels.team');
    }
    expect(holds({ all: [{ key: "{{request.object.metadata.labels.team || ''}}", operator: 'Equals', value: '' }] })).toBe(true);
  });

  it('rejects malformed blocks', () => {
    expect(evaluateConditions({ foo: [] }, scope).ok).toBe(false);
    expect(evaluateConditions('nope', scope).ok).toBe(false);
    expect(evaluateConditions({ all: 'x' }, scope).ok).toBe(false);
    expect(evaluateConditions([5], scope).ok).toBe(false);
  });

  it('accepts a list of any/all blocks', () => {
    expect(holds([{ all: [{ key: 'a', operator: 'Equals', value: 'a' }] }, { any: [{ key: 'b', operator: 'Equals', value: 'b' }] }])).toBe(true);
    expect(holds([{ all: [{ key: 'a', operator: 'Equals', value: 'a' }] }, { any: [{ key: 'b', operator: 'Equals', value: 'c' }] }])).toBe(false);
  });
});
