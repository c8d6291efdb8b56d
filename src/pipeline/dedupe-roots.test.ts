import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { dedupeAcrossRoots } from './dedupe-roots.ts';

const finding = (root: string, line = 7): Finding => ({
  file: 'base/deploy.yaml', line, column: 9, endLine: line, endColumn: 20, policy: 'p', rule: 'r', layer: 'security', severity: 'high',
  action: 'Enforce', status: 'fail', message: 'privileged', path: '/spec/x', fixable: false, roots: [root],
});

describe('dedupeAcrossRoots', () => {
  it('reports one finding per source line, naming every root that renders it', () => {
    const first = finding('overlays/dev');
    const out = dedupeAcrossRoots([first, finding('overlays/prod'), finding('overlays/dev', 9)]);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(first);
    expect(out[0]?.roots).toEqual(['overlays/dev', 'overlays/prod']);
    expect(out[0]?.message).toBe('privileged (rendered in overlays/dev, overlays/prod)');
    expect(out[1]?.message).toBe('privileged');
  });

  it('keeps apart the resources of a place that stands for whole resources, and still merges one resource across roots', () => {
    const of = (root: string, name: string): Finding => ({ ...finding(root), resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name } });
    const kafka = of('charts/app', 'kafka');
    const zookeeper = of('charts/app', 'zookeeper');
    const kafkaProd = of('charts/app:prod', 'kafka');
    const merged = new Map<Finding, Finding>();
    expect(dedupeAcrossRoots([kafka, zookeeper, kafkaProd], { merged, forResource: new Set([kafka, zookeeper, kafkaProd]) })).toEqual([kafka, zookeeper]);
    // without the mark, one place and field is one finding whatever the resource
    expect(dedupeAcrossRoots([of('charts/app', 'kafka'), of('charts/app', 'zookeeper')])).toHaveLength(1);
    expect(kafka.roots).toEqual(['charts/app', 'charts/app:prod']);
    expect(merged.get(kafkaProd)).toBe(kafka);
  });
});
