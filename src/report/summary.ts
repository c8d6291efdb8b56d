import { isBlocking, type Finding } from '../core/finding.ts';
import { LAYERS, type Layer, type Severity } from '../engine/types.ts';
import { SEVERITY_ORDER } from './order.ts';

/** What a run looked at, shown under the findings. */
export interface ReportSummary {
  filesScanned: number;
  resourcesEvaluated: number;
  policiesLoaded: number;
  rulesEvaluated: number;
  toolVersion: string;
}

export interface FindingCounts {
  total: number;
  blocking: number;
  bySeverity: Record<Severity, number>;
  byLayer: Record<Layer, number>;
  /** Findings whose status is `warn` or `error` rather than `fail`. */
  warnings: number;
  errors: number;
}

/** No findings counted yet. */
export function emptyCounts(): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  const byLayer = Object.fromEntries(LAYERS.map((l) => [l, 0])) as Record<Layer, number>;
  return { total: 0, blocking: 0, bySeverity, byLayer, warnings: 0, errors: 0 };
}

/** The counts with more findings added (for findings that come a group at a time). */
export function addCounts(counts: FindingCounts, findings: readonly Finding[], blocks: (finding: Finding) => boolean = isBlocking): FindingCounts {
  for (const finding of findings) {
    counts.bySeverity[finding.severity] += 1;
    counts.byLayer[finding.layer] += 1;
    if (blocks(finding)) counts.blocking += 1;
    if (finding.status === 'warn') counts.warnings += 1;
    if (finding.status === 'error') counts.errors += 1;
  }
  counts.total += findings.length;
  return counts;
}

export function countFindings(findings: readonly Finding[], blocks: (finding: Finding) => boolean = isBlocking): FindingCounts {
  return addCounts(emptyCounts(), findings, blocks);
}
