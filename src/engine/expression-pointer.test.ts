import { describe, expect, it } from 'vitest';
import { pointerOfExpression, pointerReadBy } from './expression-pointer.ts';

describe('pointerOfExpression', () => {
  it('maps request.object paths to pointers', () => {
    expect(pointerOfExpression('{{ request.object.spec.hostNetwork }}', { pointer: '' })).toBe('/spec/hostNetwork');
    expect(pointerOfExpression('{{request.object.metadata.labels."app.kubernetes.io/name" || \'\'}}', { pointer: '' })).toBe(
      '/metadata/labels/app.kubernetes.io~1name',
    );
  });
  it('maps element paths relative to the element', () => {
    expect(pointerOfExpression('{{ element.securityContext.privileged }}', { pointer: '/spec/containers/2' })).toBe(
      '/spec/containers/2/securityContext/privileged',
    );
  });
  it('gives up on expressions that are not plain paths', () => {
    expect(pointerOfExpression("{{ length(request.object.spec.containers) }}", { pointer: '' })).toBeUndefined();
    expect(pointerOfExpression('literal', { pointer: '' })).toBeUndefined();
  });
});

describe('pointerReadBy', () => {
  it('finds the deepest resource path an expression reads anywhere', () => {
    expect(pointerReadBy("keys(request.object.metadata.annotations || `{}`)[?starts_with(@, 'x')]")).toBe('/metadata/annotations');
    expect(pointerReadBy('length(request.object.spec.containers[].ports[]) > `0` && request.object.spec.hostNetwork')).toBe('/spec/containers');
    expect(pointerReadBy('length(element.env)')).toBeUndefined();
  });
  it('follows element paths through functions when the element is known', () => {
    expect(pointerReadBy('{{ image_normalize(element.image) }}', { pointer: '/spec/containers/1' })).toBe('/spec/containers/1/image');
    expect(pointerReadBy("{{ split(element.image, ':')[1] || 'latest' }}", { pointer: '/spec/initContainers/0' })).toBe('/spec/initContainers/0/image');
    expect(pointerReadBy('{{ myelement.image }}', { pointer: '/x' })).toBeUndefined();
  });
});
