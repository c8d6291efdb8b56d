import type { Finding } from '../core/finding.ts';
import type { ResourceFix } from './check.ts';

/**
 * The fixes someone will be shown or may apply: those of resources with a finding the change
 * introduced. A pull request's suggestions, its "Apply fixes" and the check run's count of
 * fixable findings are about new findings only, so the edits of a resource whose findings
 * all were there before are never planned (nor said to be impossible).
 */
export function fixesOfNew(fixes: readonly ResourceFix[], introduced: readonly Finding[]): ResourceFix[] {
  const isNew = new Set(introduced);
  return fixes.filter((fix) => fix.findings.some((finding) => isNew.has(finding)));
}
