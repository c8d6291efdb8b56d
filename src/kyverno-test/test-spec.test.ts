import { describe, expect, it } from 'vitest';
import { parseTestSpec } from './test-spec.ts';

describe('parseTestSpec', () => {
  it('reads policies, resources, variables and results (old and new forms)', () => {
    const spec = parseTestSpec({
      apiVersion: 'cli.kyverno.io/v1alpha1',
      kind: 'Test',
      metadata: { name: 't' },
      policies: ['../p.yaml'],
      resources: ['r.yaml'],
      variables: 'values.yaml',
      results: [
        { policy: 'p', rule: 'r', kind: 'Pod', resources: ['a', 'ns/b'], result: 'fail' },
        { policy: 'p', rule: 'm', kind: 'Pod', resource: 'c', result: 'pass ', patchedResource: 'patched.yaml' },
      ],
    });
    expect(spec.ok).toBe(true);
    if (!spec.ok) return;
    expect(spec.value.results[0]).toEqual({ policy: 'p', rule: 'r', kind: 'Pod', resources: ['a', 'ns/b'], result: 'fail' });
    expect(spec.value.results[1]).toEqual({ policy: 'p', rule: 'm', kind: 'Pod', resources: ['c'], result: 'pass', patchedResources: 'patched.yaml' });
    expect(spec.value.variables).toBe('values.yaml');
  });
  it('rejects a result without a known outcome, saying where', () => {
    const spec = parseTestSpec({ results: [{ policy: 'p', result: 'maybe' }] });
    expect(spec).toEqual({ ok: false, error: 'results[0]: result must be pass, fail, warn, error or skip' });
  });
});
