import { describe, expect, it } from 'vitest';
import { sampleFindings } from './sample-findings.ts';
import { countFindings } from './summary.ts';

describe('countFindings', () => {
  it('counts by severity, layer, status and blocking', () => {
    expect(countFindings(sampleFindings())).toEqual({
      total: 5,
      blocking: 2,
      bySeverity: { critical: 1, high: 1, medium: 1, low: 1, info: 1 },
      byLayer: { security: 2, operations: 1, developer: 2 },
      warnings: 1,
      errors: 2,
    });
  });

  it('is all zeros for no findings', () => {
    const counts = countFindings([]);
    expect(counts.total + counts.blocking + counts.warnings + counts.errors).toBe(0);
    expect(Object.values(counts.bySeverity).every((n) => n === 0)).toBe(true);
  });
});
