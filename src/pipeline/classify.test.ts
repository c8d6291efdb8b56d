import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { classifyFindings, fingerprint } from './classify.ts';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    file: 'apps/web.yaml',
    line: 10,
    column: 3,
    endLine: 10,
    endColumn: 20,
    policy: 'pin-tags',
    rule: 'no-latest',
    layer: 'operations',
    severity: 'high',
    action: 'Enforce',
    status: 'fail',
    message: 'pin it',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
    path: '/spec/template/spec/containers/0/image',
    fixable: false,
    ...over,
  };
}

describe('classifyFindings', () => {
  it('ignores the line: a moved resource keeps its findings existing', () => {
    const result = classifyFindings([finding({ line: 30, endLine: 30 })], [finding()]);
    expect(result.new).toEqual([]);
    expect(result.existing).toHaveLength(1);
    expect(result.fixed).toEqual([]);
  });

  it('separates new, existing and fixed by policy, rule, file, resource and path', () => {
    const head = [finding(), finding({ rule: 'other' }), finding({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' } })];
    const base = [finding(), finding({ path: '/metadata/labels' })];
    const result = classifyFindings(head, base);
    expect(result.existing.map((f) => f.rule)).toEqual(['no-latest']);
    expect(result.new.map((f) => `${f.rule}:${f.resource?.name}`)).toEqual(['other:web', 'no-latest:api']);
    expect(result.fixed.map((f) => f.path)).toEqual(['/metadata/labels']);
  });

  it('compares as multisets: a second identical finding is new', () => {
    const result = classifyFindings([finding(), finding({ line: 40 })], [finding()]);
    expect(result.existing).toHaveLength(1);
    expect(result.new.map((f) => f.line)).toEqual([40]);
  });

  it('distinguishes namespaces and file-level findings', () => {
    expect(fingerprint(finding())).not.toBe(fingerprint(finding({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'other' } })));
    const { resource: _r, ...fileLevel } = finding();
    expect(classifyFindings([fileLevel], [fileLevel]).existing).toHaveLength(1);
  });
});

describe('classifyFindings: moved resources', () => {
  it('matches a finding whose resource moved to another file as existing, not fixed and new', () => {
    const result = classifyFindings([finding({ file: 'apps/web/deployment.yaml', line: 3 })], [finding()], { moved: true });
    expect(result.existing.map((f) => f.file)).toEqual(['apps/web/deployment.yaml']);
    expect(result.new).toEqual([]);
    expect(result.fixed).toEqual([]);
  });

  it('prefers the finding in the same file, and does not move file-level findings', () => {
    const moved = finding({ file: 'other.yaml' });
    const result = classifyFindings([finding(), moved], [finding()], { moved: true });
    expect(result.existing).toEqual([finding()]);
    expect(result.new).toEqual([moved]);
    const { resource: _r, ...fileLevel } = finding();
    const across = classifyFindings([{ ...fileLevel, file: 'b.yaml' }], [fileLevel], { moved: true });
    expect(classifyFindings([finding({ file: 'b.yaml' })], [finding()]).new).toHaveLength(1);
    expect(across.new).toHaveLength(1);
    expect(across.fixed).toHaveLength(1);
  });
});
