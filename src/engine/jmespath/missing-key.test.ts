import { describe, expect, it } from 'vitest';
import { failure, value } from './test-support.ts';

const data = {
  request: {
    object: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    oldObject: null,
  },
};

describe("Kyverno's missing-key rule", () => {
  it('is an error along a plain path', () => {
    expect(failure('request.object.metadata.labels.foo', data)).toContain('Unknown key "foo" in path');
    expect(failure('request.object.metadata.annotations', data)).toContain('Unknown key "annotations"');
    expect(failure('request.object.metadata.annotations.x', data)).toContain('Unknown key "annotations"');
    expect(failure('request.object.spec.containers[0].resources', data)).toContain('Unknown key "resources"');
    expect(failure('serviceAccountName', data)).toContain('Unknown key "serviceAccountName"');
  });

  it('is null through null values, ||, functions, pipes and projections', () => {
    expect(value('request.oldObject.metadata.name', data)).toBeNull();
    expect(value("request.object.metadata.labels.foo || ''", data)).toBe('');
    expect(value('request.object.metadata.labels.foo || `{}`', data)).toEqual({});
    expect(value('request.object.spec.volumes[].name', data)).toBeNull();
    expect(value('request.object.spec.containers[].securityContext', data)).toEqual([]);
    expect(value('request.object.metadata.labels.foo | @', data)).toBeNull();
    expect(value('not_null(request.object.metadata.labels.foo)', data)).toBeNull();
    expect(value('request.object.metadata.{n: name, x: missing}', data)).toEqual({ n: 'web', x: null });
    expect(value('request.object.spec.containers[?resources].name', data)).toEqual([]);
  });

  it('is an error on the right side of && only when the left holds', () => {
    expect(failure('request.object.metadata.name && request.object.metadata.nope', data)).toContain('Unknown key "nope"');
    expect(value('request.object.metadata.nope && request.object.metadata.nope2', data)).toBeNull();
  });

  it('finds the value when every key is there', () => {
    expect(value('request.object.spec.containers[0].image', data)).toBe('nginx');
    expect(value('request.object.metadata.labels.app', data)).toBe('web');
  });
});
