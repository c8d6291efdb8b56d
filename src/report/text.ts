import { isBlocking, type Finding } from '../core/finding.ts';
import { LAYERS } from '../engine/types.ts';
import { paint, SEVERITY_STYLE } from './ansi.ts';
import { fixLines } from './fix-lines.ts';
import { SEVERITY_ORDER, sortFindings } from './order.ts';
import { addCounts, countFindings, emptyCounts, type FindingCounts, type ReportSummary } from './summary.ts';
import { maxOf } from '../core/arrays.ts';

export interface TextOptions {
  /** ANSI colours; off unless asked for. */
  color?: boolean;
  /** Whether a finding blocks (the configuration's rule); isBlocking when absent. */
  blocks?: (finding: Finding) => boolean;
  /** Base against head: the findings the change fixed, listed after the others. */
  fixed?: readonly Finding[];
}

/** Widest severity-and-status label: 'critical error'. */
const LABEL_WIDTH = maxOf(SEVERITY_ORDER.map((s) => s.length)) + ' error'.length;
const INDENT = '    ';

/** The policy severity, followed by the status when it is not a plain failure, padded to one width. */
function severityLabel(finding: Finding, color: boolean): string {
  const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity, color);
  const status = finding.status === 'fail' ? '' : finding.status;
  const mark = status === '' ? '' : ' ' + paint(status === 'warn' ? 'yellow' : 'red', status, color);
  const width = finding.severity.length + (status === '' ? 0 : status.length + 1);
  return severity + mark + ' '.repeat(Math.max(0, LABEL_WIDTH - width));
}

/** `[blocking]` for what fails the check, `[new]` / `[existing]` / `[fixed]` against a base. */
function tags(finding: Finding, blocking: boolean, color: boolean): string {
  const out: string[] = [];
  if (blocking) out.push(paint('red', '[blocking]', color));
  if (finding.classification) out.push(paint(finding.classification === 'new' ? 'yellow' : finding.classification === 'fixed' ? 'green' : 'dim', `[${finding.classification}]`, color));
  return out.map((t) => `${t} `).join('');
}

function findingLines(finding: Finding, blocking: boolean, color: boolean): string[] {
  const position = paint('bold', `${finding.file}:${finding.line}:${finding.column}`, color);
  const [first = '', ...rest] = finding.message.split('\n');
  const head = `${position}  ${severityLabel(finding, color)}  ${paint('cyan', `${finding.policy}/${finding.rule}`, color)}  ${tags(finding, blocking, color)}${first}`;
  const continuation = rest.map((line) => INDENT + line);
  const fix = fixLines(finding).map((line) => INDENT + paint('green', line, color));
  return [head, ...continuation, ...fix];
}

function countsText(parts: readonly (readonly [string, number])[]): string {
  return parts
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The closing lines: counts by severity and layer, how many block, and what was scanned. */
export function summaryLines(findings: readonly Finding[], summary: ReportSummary, color = false, blocks?: (finding: Finding) => boolean): string[] {
  return countedSummaryLines(countFindings(findings, blocks), summary, color);
}

/** summaryLines from the findings' counts. */
function countedSummaryLines(counts: FindingCounts, summary: ReportSummary, color: boolean): string[] {
  const scanned =
    `Scanned ${plural(summary.filesScanned, 'file')}, ${plural(summary.resourcesEvaluated, 'resource')} ` +
    `against ${plural(summary.policiesLoaded, 'policy', 'policies')} ` +
    `(${plural(summary.rulesEvaluated, 'rule evaluation')}) with preadmit ${summary.toolVersion}.`;
  if (counts.total === 0) return [paint('green', 'No findings.', color), scanned];
  const severities = countsText(SEVERITY_ORDER.map((s) => [s, counts.bySeverity[s]] as const));
  const layers = countsText(LAYERS.map((l) => [l, counts.byLayer[l]] as const));
  const statuses = countsText([
    ['warned', counts.warnings],
    ['not evaluated (error)', counts.errors],
  ]);
  const blocking = paint(counts.blocking > 0 ? 'red' : 'green', `${counts.blocking} blocking (Enforce)`, color);
  const head = `${plural(counts.total, 'finding')} (${severities}); by layer: ${layers}; ${blocking}`;
  return [statuses === '' ? `${head}.` : `${head}; ${statuses}.`, scanned];
}

function* fileBlocks(findings: readonly Finding[], isBlocked: (finding: Finding) => boolean, color: boolean): Generator<string> {
  let currentFile: string | undefined;
  let block: string[] = [];
  for (const finding of sortFindings(findings)) {
    if (finding.file !== currentFile && block.length > 0) {
      yield block.join('\n');
      block = [];
    }
    currentFile = finding.file;
    for (const line of findingLines(finding, isBlocked(finding), color)) block.push(line);
  }
  if (block.length > 0) yield block.join('\n');
}

/**
 * Findings for a terminal: grouped by file (files in order, findings by line), one line each
 * as `file:line:col  severity  policy/rule  [blocking] [new] message`, fixes indented below,
 * then (against a base) the fixed findings at their base positions, then a summary.
 */
export function formatText(findings: readonly Finding[], summary: ReportSummary, options: TextOptions = {}): string {
  return [...textChunks(findings, summary, options)].join('');
}

/** formatText's text in pieces that each end with a line break, a file's findings at a time: the report of a large tree is longer than a string can be. */
export function* textChunks(findings: readonly Finding[], summary: ReportSummary, options: TextOptions = {}): Generator<string> {
  const color = options.color === true;
  const isBlocked = options.blocks ?? isBlocking;
  for (const block of fileBlocks(findings, isBlocked, color)) yield `${block}\n\n`;
  if (options.fixed && options.fixed.length > 0) {
    const fixed = options.fixed.map((f): Finding => {
      const shown: Finding = { ...f, classification: 'fixed' };
      delete shown.fix;
      delete shown.edits;
      return shown;
    });
    yield `Fixed by the change (${options.fixed.length}; positions at the base):\n` + [...fileBlocks(fixed, () => false, color)].join('\n') + '\n\n';
  }
  yield summaryLines(findings, summary, color, isBlocked).join('\n') + '\n';
}

/** The text report written as its findings come (see textReportStream). */
export interface TextReportStream {
  /** The next findings, in report order, each file's all at once. */
  add(findings: readonly Finding[], blocks: (finding: Finding) => boolean): void;
  /** The summary, once the findings are all in. */
  end(summary: ReportSummary): void;
}

/**
 * formatText written through `write` as the findings come, a group of whole files at a time
 * in report order (no base: no fixed findings), in pieces that each end with a line break:
 * the same text, with neither the findings nor the text held whole.
 */
export function textReportStream(write: (text: string) => void, options: { color?: boolean } = {}): TextReportStream {
  const color = options.color === true;
  const counts = emptyCounts();
  return {
    add(findings, blocks) {
      for (const block of fileBlocks(findings, blocks, color)) write(`${block}\n\n`);
      addCounts(counts, findings, blocks);
    },
    end(summary) {
      write(countedSummaryLines(counts, summary, color).join('\n') + '\n');
    },
  };
}
