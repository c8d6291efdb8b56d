import { describe, expect, it } from 'vitest';
import { parseFailureAction, policyMeta } from './meta.ts';

describe('policyMeta', () => {
  it('reads the Kyverno annotations and the layer annotation', () => {
    const meta = policyMeta(
      {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: {
          name: 'require-labels',
          annotations: {
            'policies.kyverno.io/title': 'Require Labels',
            'policies.kyverno.io/category': 'Best Practices',
            'policies.kyverno.io/severity': 'High',
            'policies.kyverno.io/description': 'Labels  identify\n  workloads.',
            'preadmit.dev/layer': 'developer',
          },
        },
      },
      'security',
      { file: 'p.yaml', documentIndex: 0 },
    );
    expect(meta).toEqual({
      name: 'require-labels',
      kind: 'ClusterPolicy',
      title: 'Require Labels',
      category: 'Best Practices',
      severity: 'high',
      description: 'Labels identify workloads.',
      layer: 'developer',
      source: { file: 'p.yaml', documentIndex: 0 },
    });
  });

  it('falls back to the folder layer and medium severity', () => {
    const meta = policyMeta({ kind: 'Policy', metadata: { name: 'x', namespace: 'team', annotations: { 'preadmit.dev/layer': 'nonsense' } } }, 'operations');
    expect(meta.layer).toBe('operations');
    expect(meta.severity).toBe('medium');
    expect(meta.namespace).toBe('team');
  });

  it('normalises failure actions', () => {
    expect(parseFailureAction('enforce')).toBe('Enforce');
    expect(parseFailureAction('Audit')).toBe('Audit');
    expect(parseFailureAction('block')).toBeUndefined();
  });
});
