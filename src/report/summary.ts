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

export function countFindings(findings: readonly Finding[], blocks: (finding: Finding) => boolean = isBlocking): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  const byLayer = Object.fromEntries(LAYERS.map((l) => [l, 0])) as Record<Layer, number>;
  let blocking = 0;
  let warnings = 0;
  let errors = 0;
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byLayer[finding.layer] += 1;
    if (blocks(finding)) blocking += 1;
    if (finding.status === 'warn') warnings += 1;
    if (finding.status === 'error') errors += 1;
  }
  return { total: findings.length, blocking, bySeverity, byLayer, warnings, errors };
}
