import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../core/json.ts';
import { activation, createCelEnvironment, fromCel, toCel, type CelContextData } from './index.ts';
import { rewriteMessageConstruction } from './message-construction.ts';

const env = createCelEnvironment();
const noContext: CelContextData = { resources: [], images: {} };

function run(expression: string, values: Record<string, JsonValue> = {}, context: CelContextData = noContext): { ok: true; value: JsonValue | undefined } | { ok: false; error: string } {
  const compiled = env.compile(expression);
  if (!compiled.ok) return compiled;
  const converted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toCel(v)]));
  const result = compiled.value.evaluate(activation(converted, context));
  return result.ok ? { ok: true, value: fromCel(result.value) } : result;
}

function value(expression: string, values: Record<string, JsonValue> = {}, context: CelContextData = noContext): JsonValue | undefined {
  const result = run(expression, values, context);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const pod: JsonObject = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 3, ratio: 0.5, containers: [{ name: 'app', image: 'ghcr.io/org/app:1.0', volumeMounts: [] }] },
};

describe('the CEL adapter: optional syntax and Kubernetes semantics', () => {
  it('parses and evaluates optional selection, optional index and orValue', () => {
    expect(value('object.spec.?initContainers.orValue([])', { object: pod })).toEqual([]);
    expect(value('object.metadata.?labels[?"app"].orValue("")', { object: pod })).toBe('web');
    expect(value('object.metadata.?labels[?"tier"].orValue("none")', { object: pod })).toBe('none');
  });

  it('compares numbers across int and double, and keeps JSON integers as int', () => {
    expect(value('object.spec.replicas > 2.5', { object: pod })).toBe(true);
    expect(value('object.spec.ratio < 1', { object: pod })).toBe(true);
    expect(value('object.spec.replicas + 1', { object: pod })).toBe(4);
    expect(value('string(object.spec.replicas)', { object: pod })).toBe('3');
  });

  it('reports a missing field as an error, not as false', () => {
    const result = run('object.spec.missing == 1', { object: pod });
    expect(result.ok).toBe(false);
  });
});

describe('the CEL adapter: gaps of the library closed in the adapter', () => {
  it('builds maps from message construction (Object{…}, JSONPatch{…})', () => {
    expect(rewriteMessageConstruction('Object{spec: Object.spec{x: "a{b}"}}')).toBe('__message("Object", {"spec": __message("Object.spec", {"x": "a{b}"})})');
    expect(value('Object{metadata: Object.metadata{labels: {"a": "b"}}}')).toEqual({ metadata: { labels: { a: 'b' } } });
    expect(value('[JSONPatch{op: "add", path: "/x", value: 1}]')).toEqual([{ op: 'add', path: '/x', value: 1 }]);
    expect(value('true ? Object{spec: Object.spec{}} : null')).toEqual({ spec: {} });
    // a map literal after `in` is not a message
    expect(value('"a" in {"a": 1}')).toBe(true);
  });

  it('accepts has() on an index or call result, as cel-go does', () => {
    expect(value('has(object.spec.containers[0].image)', { object: pod })).toBe(true);
    expect(value('has(object.spec.containers[0].command)', { object: pod })).toBe(false);
    expect(value('object.spec.containers.all(c, has(c.name))', { object: pod })).toBe(true);
  });

  it("keeps Kyverno's lenient orValue on a value that is not optional", () => {
    expect(value('object.spec.containers[0].volumeMounts.orValue([1])', { object: pod })).toEqual([]);
    expect(value('object.spec.?missing.orValue(7)', { object: pod })).toBe(7);
  });

  it('reads regular expressions as RE2 (inline flags)', () => {
    expect(value('"ABC".matches("(?i)^abc$")')).toBe(true);
    expect(value('matches("abc", "^a")')).toBe(true);
    expect(value('"abc-123".find("[0-9]+")')).toBe('123');
  });
});

describe('the CEL adapter: Kubernetes libraries', () => {
  it('strings, lists, quantity and url', () => {
    expect(value('"a.b.c".replace(".", "/")')).toBe('a/b/c');
    expect(value('"a.b.c".replace(".", "/", 1)')).toBe('a/b.c');
    expect(value('["x", "y"].indexOf("y")')).toBe(1);
    expect(value('[3, 1, 2].sort()')).toEqual([1, 2, 3]);
    expect(value('[1, 2, 3].sum()')).toBe(6);
    expect(value('quantity("1Gi").isGreaterThan(quantity("1000Mi"))')).toBe(true);
    expect(value('quantity("1500m").asApproximateFloat()')).toBe(1.5);
    expect(value('url("https://example.com:8443/a?b=c").getPort()')).toBe('8443');
  });
});

describe('the CEL adapter: Kyverno libraries', () => {
  const context: CelContextData = {
    resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'registries', namespace: 'default' }, data: { allowed: 'ghcr.io' } }],
    images: { 'nginx:1.21': { image: 'nginx:1.21', config: { architecture: 'amd64' } } },
    now: new Date('2025-01-02T03:04:05Z'),
  };

  it('serves resource.Get and resource.List from the context, and fails clearly when absent', () => {
    expect(value('resource.Get("v1", "configmaps", "default", "registries").data.allowed', {}, context)).toBe('ghcr.io');
    expect(value('size(resource.List("v1", "configmaps", "default").items)', {}, context)).toBe(1);
    const missing = run('resource.Get("v1", "configmaps", "default", "nope")', {}, context);
    expect(missing.ok === false && missing.error).toContain('not found');
  });

  it('serves image.GetMetadata from the context and parses image references with image()', () => {
    expect(value('image.GetMetadata("nginx:1.21").config.architecture', {}, context)).toBe('amd64');
    expect(value('image("ghcr.io/org/app:1.0").registry()')).toBe('ghcr.io');
    expect(value('image("nginx").registry()')).toBe('docker.io');
    expect(value('image("ghcr.io/org/app:1.0").tag()')).toBe('1.0');
  });

  it('parseServiceAccount, time.now and jsonpatch.escapeKey', () => {
    expect(value('parseServiceAccount("system:serviceaccount:team:builder")')).toEqual({ Namespace: 'team', Name: 'builder' });
    expect(value('time.now().getFullYear()', {}, context)).toBe(2025);
    expect(value('jsonpatch.escapeKey("a/b~c")')).toBe('a~1b~0c');
  });
});

describe('the CEL adapter: lazy variables', () => {
  it('computes a variable on first read only, and once', () => {
    let computed = 0;
    const compiled = env.compile('variables.a + variables.a');
    if (!compiled.ok) throw new Error(compiled.error);
    const act = activation({}, noContext, {
      name: 'variables',
      entries: {
        a: () => {
          computed++;
          return 2n;
        },
        b: () => {
          throw new Error('never read');
        },
      },
    });
    const result = compiled.value.evaluate(act);
    expect(result.ok && fromCel(result.value)).toBe(4);
    expect(computed).toBe(1);
  });
});
