import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.ts';
import { resourceKey } from './order.ts';

/** Key under which preadmit's own identity of a result is kept. */
export const FINGERPRINT_KEY = 'preadmitFindingHash/v1';

/**
 * The identity of a finding across runs: policy, rule, file, resource and JSON path, but not
 * the line, so an alert survives lines moving above it.
 */
export function findingIdentity(finding: Finding): string {
  const file = finding.file.replace(/\\/g, '/').replace(/^\.\//, '');
  return [finding.policy, finding.rule, file, resourceKey(finding), finding.path].join('\u0000');
}

export function findingHash(finding: Finding): string {
  return createHash('sha256').update(findingIdentity(finding)).digest('hex');
}

/**
 * partialFingerprints for each finding, in order. GitHub code scanning matches alerts on
 * `primaryLocationLineHash` ("hash:occurrence"); it gets the line-independent hash, with the
 * occurrence counting findings that share an identity.
 */
export function partialFingerprints(findings: readonly Finding[]): Record<string, string>[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = findingHash(finding);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return { [FINGERPRINT_KEY]: hash, primaryLocationLineHash: `${hash.slice(0, 16)}:${occurrence}` };
  });
}
