import { isBlocking, type Finding } from '../core/finding.ts';
import { sortFindings } from './order.ts';
import { countFindings } from './summary.ts';
import { appendAll } from '../core/append-all.ts';

export interface MarkdownOptions {
  /** Whether a finding blocks (the configuration's rule); isBlocking when absent. */
  blocks?: (finding: Finding) => boolean;
  /** Base against head: the findings the change fixed. */
  fixed?: readonly Finding[];
  /** Rows shown at most (GitHub keeps 1 MiB of a job summary); the rest are counted. */
  maxRows?: number;
}

/** A table cell: one line, pipes and HTML-significant characters escaped. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .trim();
}

const firstSentence = (message: string): string => {
  const line = message.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
};

function rows(findings: readonly Finding[], blocks: (finding: Finding) => boolean, max: number): string[] {
  const sorted = sortFindings(findings);
  const out = [
    '| | Where | Policy / rule | Severity | Finding |',
    '|---|---|---|---|---|',
    ...sorted.slice(0, max).map((f) => {
      const marks = [blocks(f) ? '⛔ blocking' : '', f.classification ?? ''].filter((m) => m !== '').join(', ');
      return `| ${cell(marks)} | \`${cell(f.file)}:${f.line}\` | ${cell(`${f.policy}/${f.rule}`)} | ${f.severity} | ${cell(firstSentence(f.message))} |`;
    }),
  ];
  if (sorted.length > max) out.push('', `…and ${sorted.length - max} more (see the annotations or the SARIF report).`);
  return out;
}

/**
 * A Markdown report for a GitHub Actions job summary ($GITHUB_STEP_SUMMARY): the verdict,
 * counts, a table of the findings and, against a base, the ones the change fixed.
 */
export function formatMarkdown(findings: readonly Finding[], options: MarkdownOptions = {}): string {
  const blocks = options.blocks ?? isBlocking;
  const max = options.maxRows ?? 200;
  const counts = countFindings(findings, blocks);
  const verdict =
    counts.blocking > 0
      ? `⛔ **${counts.blocking} blocking finding${counts.blocking === 1 ? '' : 's'}** — the check fails until ${counts.blocking === 1 ? 'it is' : 'they are'} fixed.`
      : counts.total > 0
        ? '✅ Nothing blocks; the findings below are advice.'
        : '✅ No findings.';
  const lines = ['## preadmit', '', verdict, ''];
  if (options.fixed) {
    const count = (c: Finding['classification']): number => findings.filter((f) => f.classification === c).length;
    lines.push(`Against the base: **${count('new')} new**, ${count('existing')} existing, ${options.fixed.length} fixed.`, '');
  }
  if (findings.length > 0) appendAll(lines, [...rows(findings, blocks, max), '']);
  if (options.fixed && options.fixed.length > 0) {
    lines.push('<details><summary>Fixed by this change</summary>', '', ...rows(options.fixed, () => false, max), '', '</details>', '');
  }
  return lines.join('\n');
}
