import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../core/json.ts';
import { createKyvernoJmespath } from './jmespath/registry.ts';
import { evaluateExpression, evaluateExpressionOn, stripAnchor, substituteAll, type VariableScope } from './variables.ts';

const pod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', 'app.kubernetes.io/part-of': 'store' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { runAsNonRoot: true } }, { name: 'side', image: 'busybox' }] },
};

function scope(extra: JsonObject = {}, operation = 'CREATE'): VariableScope {
  return {
    data: {
      request: { operation, object: operation === 'DELETE' ? null : pod, oldObject: operation === 'DELETE' ? pod : null, namespace: 'shop' },
      ...extra,
    },
  };
}

function substituted(value: JsonValue, s: VariableScope = scope(), resource?: JsonValue): JsonValue {
  const result = substituteAll(value, s, resource === undefined ? undefined : { resource });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('substituteAll', () => {
  it('replaces whole-string variables with raw values and embedded ones with text', () => {
    expect(substituted('{{request.object.spec.containers[0].securityContext}}')).toEqual({ runAsNonRoot: true });
    expect(substituted('{{ request.object.metadata.name }}')).toBe('web');
    expect(substituted('{{request.namespace}}/{{request.object.metadata.name}}')).toBe('shop/web');
    expect(substituted('count={{ length(request.object.spec.containers) }}')).toBe('count=2');
    expect(substituted('{{ request.object.metadata.labels.\"app.kubernetes.io/part-of\" || \'\' }}')).toBe('store');
  });

  it('walks nested objects, arrays and map keys', () => {
    const input = { list: ['{{request.object.metadata.name}}', 5, true, null], nested: { '{{request.object.metadata.labels.app}}-key': 'x' } };
    expect(substituted(input)).toEqual({ list: ['web', 5, true, null], nested: { 'web-key': 'x' } });
  });

  it('resolves nested variables from the inside out', () => {
    const s = scope({ element: { name: 'app' }, images: { containers: { app: { path: 'nginx', tag: '1.25' } } } });
    expect(substituted('{{ images.containers."{{element.name}}".path}}:{{images.containers."{{element.name}}".tag}}', s)).toBe('nginx:1.25');
  });

  it('leaves escaped variables literal', () => {
    expect(substituted('\\{{ request.object.metadata.name }} is {{request.object.metadata.name}}')).toBe('{{ request.object.metadata.name }} is web');
  });

  it('fails naming the variable when a key is missing, and uses defaults given with ||', () => {
    const result = substituteAll({ a: { b: '{{ request.object.metadata.labels.team }}' } }, scope());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('request.object.metadata.labels.team');
      expect(result.error).toContain('Unknown key "team"');
      expect(result.error).toContain('/a/b');
    }
    expect(substituted("{{ request.object.metadata.labels.team || 'none' }}")).toBe('none');
    expect(substituted('{{ request.oldObject.metadata.name }}')).toBeNull();
  });

  it('reads request.oldObject for request.object on DELETE', () => {
    expect(substituted('{{request.object.metadata.name}}', scope({}, 'DELETE'))).toBe('web');
  });

  it('resolves {{@}} to the resource value at the same path, anchors stripped', () => {
    const pattern = { spec: { containers: [{ '=(image)': '{{@}}', name: 'x-{{@}}' }] } };
    expect(substituted(pattern, scope(), pod)).toEqual({ spec: { containers: [{ '=(image)': 'nginx:1.25', name: 'x-app' }] } });
    expect(substituted({ metadata: { name: '{{ @ }}' } })).toEqual({ metadata: { name: 'web' } });
    const missing = substituteAll({ metadata: { '+(team)': '{{@}}' } }, scope(), { resource: pod });
    expect(missing.ok).toBe(false);
  });

  it('leaves values without variables untouched', () => {
    const input = { a: [1, 'two', { three: false }], b: null };
    expect(substituted(input)).toEqual(input);
  });
});

describe('evaluateExpression', () => {
  it('evaluates against the scope data with the scope evaluator', () => {
    const jp = createKyvernoJmespath({ now: () => new Date('2030-01-01T00:00:00Z') });
    expect(evaluateExpression('time_now_utc()', { data: {}, jmespath: jp })).toEqual({ ok: true, value: '2030-01-01T00:00:00Z' });
    expect(evaluateExpression(' request.object.kind ', scope())).toEqual({ ok: true, value: 'Pod' });
    expect(evaluateExpression('  ', scope()).ok).toBe(false);
    expect(evaluateExpression('request.object.nope', scope()).ok).toBe(false);
  });

  it('evaluates against another value', () => {
    expect(evaluateExpressionOn('[0].name', [{ name: 'a' }], scope())).toEqual({ ok: true, value: 'a' });
  });

  it('strips anchors from keys', () => {
    for (const [key, bare] of [['(name)', 'name'], ['=(name)', 'name'], ['^(name)', 'name'], ['X(name)', 'name'], ['<(name)', 'name'], ['+(name)', 'name'], ['name', 'name']]) {
      expect(stripAnchor(key as string)).toBe(bare);
    }
  });
});
