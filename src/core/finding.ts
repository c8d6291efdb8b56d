import type { ResourceRef } from './resource-ref.ts';
import type { FailureAction, Fix, Layer, RuleStatus, Severity } from '../engine/types.ts';

/** A text edit on a source file: replace lines [startLine, endLine] (1-based, inclusive) with `lines`. */
export interface TextEdit {
  file: string;
  startLine: number;
  /** endLine = startLine - 1 means a pure insertion before startLine. */
  endLine: number;
  lines: string[];
}

/** A located result: what the person reading the pull request sees. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  policy: string;
  rule: string;
  layer: Layer;
  severity: Severity;
  action: FailureAction;
  /** fail, warn or error; passes and skips are not findings. */
  status: Exclude<RuleStatus, 'pass' | 'skip'>;
  message: string;
  /** Undefined for findings about a file rather than a resource (invalid YAML). */
  resource?: ResourceRef;
  /** JSON pointer of the offending field within the resource ('' for the whole resource). */
  path: string;
  /** Whether `--fix` (and Apply fixes) writes a fix for it: it has edits. */
  fixable: boolean;
  fix?: Fix;
  /** The edits of this finding's own rule fix: a suggestion changes only what the finding is about. */
  edits?: TextEdit[];
  /**
   * The edits written together with this finding's fix (the composed fix of its resource,
   * every layer's fixes at once): what `--fix` and Apply fixes apply. Not in the JSON report.
   */
  composedEdits?: TextEdit[];
  /** Why a finding whose rule has a fix gets no edit (the fix is then shown as a patch). */
  fixNote?: string;
  /** The render roots (overlays, charts …) whose output has this finding, when rendered. */
  roots?: string[];
  /** Base against head: whether the change introduced, kept or fixed it. */
  classification?: 'new' | 'existing' | 'fixed';
  title?: string;
  category?: string;
  description?: string;
}

/** A finding blocks the change when its policy enforces, or when preadmit could not judge the input. */
export function isBlocking(finding: Finding): boolean {
  return finding.action === 'Enforce' && finding.status !== 'warn';
}
