import type { Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import type { Severity } from '../engine/types.ts';

/** Severities from the most to the least severe. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Code-unit string comparison: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The resource a finding is about, as text ('' for findings about a file). */
export function resourceKey(finding: Finding): string {
  return finding.resource ? formatRef(finding.resource) : '';
}

/** Order findings by file, position, policy/rule, resource, path and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.policy, b.policy) ||
    compareText(a.rule, b.rule) ||
    compareText(resourceKey(a), resourceKey(b)) ||
    compareText(a.path, b.path) ||
    compareText(a.message, b.message)
  );
}

/** A sorted copy; the input is left untouched. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
