import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import type { ResourceFix } from './check.ts';
import { planFileFixes } from './fix-edits.ts';
import { applyPlanned, partFixes, planParts } from './fix-plan-parts.ts';

const TEXTS: Record<string, string> = {
  'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  'd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n',
};

function finding(name: string): Finding {
  return { file: `${name}.yaml`, line: 3, column: 1, endLine: 3, endColumn: 1, policy: 'p', rule: name, layer: 'developer', severity: 'low', action: 'Audit', message: name, path: '/metadata', fixable: true, status: 'fail' };
}

/** Fixes over fresh findings: b and c share one finding (a resource fixed in two files); d's file cannot be read. */
function fixes(): { all: ResourceFix[]; findings: Finding[] } {
  const [a, shared, c, d] = [finding('a'), finding('shared'), finding('c'), finding('d')];
  const label = (v: string) => [{ op: 'add' as const, path: '/metadata/labels', value: { team: v } }];
  const all: ResourceFix[] = [
    { file: 'a.yaml', documentIndex: 0, patch: label('a'), findings: [a], own: new Map() },
    { file: 'b.yaml', documentIndex: 0, patch: label('b'), findings: [shared], own: new Map([[shared, label('own')]]) },
    { file: 'c.yaml', documentIndex: 0, patch: label('c'), findings: [shared, c], own: new Map() },
    { file: 'missing.yaml', documentIndex: 0, patch: label('d'), findings: [d], own: new Map() },
  ];
  return { all, findings: [a, shared, c, d] };
}

describe('fix planning in parts', () => {
  it('keeps files that share a finding in one part, and puts the parts back as one planning gives', () => {
    const direct = fixes();
    const expected = planFileFixes(direct.all, (f) => TEXTS[f]);
    const split = fixes();
    const parts = planParts(split.all, 1);
    expect(parts.map((p) => p.part.fixes.map((f) => f.file))).toEqual([['a.yaml'], ['b.yaml', 'c.yaml'], ['missing.yaml']]);
    const files = [];
    const problems = [];
    for (const { part, findings } of parts) {
      const { stand, fixes: standIns } = partFixes(structuredClone(part));
      const plan = planFileFixes(standIns, (f) => TEXTS[f]);
      applyPlanned(findings, stand);
      files.push(...plan.files);
      problems.push(...plan.problems);
    }
    expect(files).toEqual(expected.files);
    expect(problems).toEqual(expected.problems);
    expect(split.findings).toEqual(direct.findings);
    expect(direct.findings[1]?.edits?.length).toBeGreaterThan(0);
    expect(direct.findings[3]?.fixable).toBe(false);
  });
});
