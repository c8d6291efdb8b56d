import { isBlocking, type Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';

/** A check-run annotation as the GitHub API takes it. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
  raw_details?: string;
}

/** GitHub accepts at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

const MAX_MESSAGE = 4000;

/** failure for findings that block, warning for the others; existing findings are notices. */
export function annotationFor(finding: Finding, kind: 'new' | 'existing', blocks: (f: Finding) => boolean = isBlocking): Annotation {
  const level = kind === 'existing' ? 'notice' : blocks(finding) ? 'failure' : 'warning';
  const line = Math.max(1, finding.line);
  const endLine = Math.max(line, finding.endLine);
  const where = finding.resource ? ` on ${formatRef(finding.resource)}` : '';
  const prefix = kind === 'existing' ? '(already on the base branch) ' : '';
  const message = `${prefix}${finding.message}`;
  const annotation: Annotation = {
    path: finding.file,
    start_line: line,
    end_line: endLine,
    annotation_level: level,
    message: clip(message, MAX_MESSAGE),
    title: clip(`${finding.severity} · ${finding.policy}/${finding.rule}${where}`, 255),
  };
  // Columns are only allowed on single-line annotations.
  if (endLine === line && finding.column > 0 && finding.endColumn >= finding.column) {
    annotation.start_column = finding.column;
    annotation.end_column = finding.endColumn;
  }
  if (finding.fix) annotation.raw_details = `Fix: ${finding.fix.description}`;
  return annotation;
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Split into request-sized batches (the last batch may be empty when there are none). */
export function batchAnnotations(annotations: readonly Annotation[], size = ANNOTATIONS_PER_REQUEST): Annotation[][] {
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += size) batches.push(annotations.slice(i, i + size));
  if (batches.length === 0) batches.push([]);
  return batches;
}
