import { isBlocking, type Finding } from '../core/finding.ts';
import type { Severity } from '../engine/types.ts';
import type { PreadmitConfig } from '../config/types.ts';

/** Whether a new finding fails the check run. */
export type BlocksCheck = (finding: Finding) => boolean;

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * The repository's verdict on a finding: it blocks when its policy enforces (isBlocking),
 * its layer is not in audit mode (`layers.<layer>.mode: audit` never blocks), and it is at
 * least `severityThreshold`; a finding preadmit could not judge (status error) blocks
 * unless `failurePolicy: ignore`. Pure.
 */
export function blockingRule(config: Pick<PreadmitConfig, 'layers' | 'severityThreshold' | 'failurePolicy'>): BlocksCheck {
  return (finding) => {
    if (!isBlocking(finding)) return false;
    if (config.layers[finding.layer]?.mode === 'audit') return false;
    if (finding.status === 'error') return config.failurePolicy === 'fail';
    return RANK[finding.severity] >= RANK[config.severityThreshold];
  };
}
