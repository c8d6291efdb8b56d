import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/merge.ts';
import { blockingRule } from './blocking.ts';
import { testFinding } from './test-finding.ts';

describe('blockingRule', () => {
  it('blocks enforced failures by default, never audit policies', () => {
    const blocks = blockingRule(resolveConfig({}));
    expect(blocks(testFinding({ layer: 'security', severity: 'low' }))).toBe(true);
    expect(blocks(testFinding({ action: 'Audit' }))).toBe(false);
    expect(blocks(testFinding({ layer: 'developer' }))).toBe(false);
  });
  it('honours layers.<layer>.mode, severityThreshold and failurePolicy', () => {
    const blocks = blockingRule(resolveConfig({ layers: { security: { mode: 'audit' } }, severityThreshold: 'high', failurePolicy: 'ignore' }));
    expect(blocks(testFinding({ layer: 'security', severity: 'critical' }))).toBe(false);
    expect(blocks(testFinding({ layer: 'operations', severity: 'medium' }))).toBe(false);
    expect(blocks(testFinding({ layer: 'operations', severity: 'high' }))).toBe(true);
    expect(blocks(testFinding({ layer: 'operations', severity: 'critical', status: 'error' }))).toBe(false);
    expect(blockingRule(resolveConfig({}))(testFinding({ layer: 'operations', severity: 'info', status: 'error' }))).toBe(true);
  });
});
