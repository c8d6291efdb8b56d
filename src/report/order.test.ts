import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { compareFindings, sortFindings } from './order.ts';
import { sampleFindings } from './sample-findings.ts';

describe('sortFindings', () => {
  it('orders by file, line, column, then policy/rule/resource/path, without touching the input', () => {
    const [a] = sampleFindings();
    const same = (patch: Partial<Finding>): Finding => ({ ...a!, ...patch });
    const input = [
      same({ path: '/b' }),
      same({ path: '/a' }),
      same({ resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' } }),
      same({ rule: 'a-rule' }),
      same({ policy: 'a-policy' }),
      same({ column: 2 }),
      same({ line: 3 }),
      same({ file: 'B.yaml' }),
    ];
    const copy = [...input];
    const sorted = sortFindings(input);
    expect(input).toEqual(copy);
    expect(sorted.map((f) => [f.file, f.line, f.column, f.policy, f.rule, f.resource?.kind, f.path])).toEqual([
      ['B.yaml', 21, 13, a!.policy, a!.rule, 'Deployment', a!.path],
      ['apps/web/deployment.yaml', 3, 13, a!.policy, a!.rule, 'Deployment', a!.path],
      ['apps/web/deployment.yaml', 21, 2, a!.policy, a!.rule, 'Deployment', a!.path],
      ['apps/web/deployment.yaml', 21, 13, 'a-policy', a!.rule, 'Deployment', a!.path],
      ['apps/web/deployment.yaml', 21, 13, a!.policy, 'a-rule', 'Deployment', a!.path],
      ['apps/web/deployment.yaml', 21, 13, a!.policy, a!.rule, 'Deployment', '/a'],
      ['apps/web/deployment.yaml', 21, 13, a!.policy, a!.rule, 'Deployment', '/b'],
      ['apps/web/deployment.yaml', 21, 13, a!.policy, a!.rule, 'Pod', a!.path],
    ]);
    expect(compareFindings(a!, a!)).toBe(0);
  });
});
