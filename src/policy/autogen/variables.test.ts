import { describe, expect, it } from 'vitest';
import { shiftMessageReferences, shiftReferences } from './variables.ts';

describe('shiftReferences', () => {
  it('rewrites object and oldObject spec/metadata paths in strings and keys', () => {
    const value = { '{{request.object.metadata.name}}': ['request.oldObject.spec.volumes', 7, null] };
    expect(shiftReferences(value, 'pod-controllers', false)).toEqual({
      '{{request.object.spec.template.metadata.name}}': ['request.oldObject.spec.template.spec.volumes', 7, null],
    });
    expect(shiftReferences('request.object.spec.x', 'cronjob', false)).toBe('request.object.spec.jobTemplate.spec.template.spec.x');
  });

  it('uses the CEL forms for CEL rules', () => {
    expect(shiftReferences('object.metadata.labels', 'pod-controllers', true)).toBe('object.spec.template.metadata.labels');
    expect(shiftReferences('object.metadata.labels', 'pod-controllers', false)).toBe('object.metadata.labels');
  });
});

describe('shiftMessageReferences', () => {
  it('inserts the template path into $(…) references after the pivot', () => {
    expect(shiftMessageReferences('must equal $(./../pattern/spec/x)', 'spec/template', 'pattern')).toBe(
      'must equal $(./../pattern/spec/template/spec/x)',
    );
    expect(shiftMessageReferences('plain message', 'spec/template', 'pattern')).toBe('plain message');
  });
});
