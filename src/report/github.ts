import { isBlocking, type Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import { fixLines } from './fix-lines.ts';
import { sortFindings } from './order.ts';

/** The three annotation levels GitHub Actions knows. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface GithubOptions {
  /** Whether a finding blocks (the configuration's rule); isBlocking when absent. */
  blocks?: (finding: Finding) => boolean;
}

/**
 * error for what blocks the change and for high or critical findings, warning for medium,
 * notice for low and info.
 */
export function annotationLevel(finding: Finding, blocking: boolean): AnnotationLevel {
  if (blocking || finding.severity === 'critical' || finding.severity === 'high') return 'error';
  return finding.severity === 'medium' ? 'warning' : 'notice';
}

/** Workflow-command data: %, CR and LF escaped (see @actions/core's command.ts). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow-command property value: the data escapes plus ':' and ','. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function title(finding: Finding, blocking: boolean): string {
  const parts = [finding.severity, ...(blocking ? ['blocking'] : []), ...(finding.classification ? [finding.classification] : [])];
  return `preadmit ${finding.policy}/${finding.rule} (${parts.join(', ')})`;
}

function message(finding: Finding): string {
  const prefix = finding.status === 'error' ? 'preadmit could not evaluate this rule: ' : '';
  const about = finding.resource ? `\nResource: ${formatRef(finding.resource)}${finding.path ? ` at ${finding.path}` : ''}` : '';
  const fix = fixLines(finding);
  return `${prefix}${finding.message.trim()}${about}${fix.length > 0 ? `\n${fix.join('\n')}` : ''}`;
}

/** One `::error file=…,line=…,endLine=…,title=…::message` line for a finding. */
export function workflowCommand(finding: Finding, blocking: boolean): string {
  const props: [string, string | number][] = [
    ['file', finding.file],
    ['line', finding.line],
    ['endLine', Math.max(finding.endLine, finding.line)],
  ];
  // GitHub takes columns only within one line.
  if (finding.endLine <= finding.line) props.push(['col', finding.column], ['endColumn', Math.max(finding.endColumn, finding.column)]);
  props.push(['title', title(finding, blocking)]);
  const properties = props.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${annotationLevel(finding, blocking)} ${properties}::${escapeData(message(finding))}`;
}

/**
 * `check --format github`: one GitHub Actions workflow command per finding, so a workflow
 * step annotates the pull request's files without the App.
 */
export function formatGithub(findings: readonly Finding[], options: GithubOptions = {}): string {
  const blocks = options.blocks ?? isBlocking;
  const lines = sortFindings(findings).map((f) => workflowCommand(f, blocks(f)));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
