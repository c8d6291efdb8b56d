import { isBlocking, type Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import { LAYERS } from '../engine/types.ts';
import type { Classified } from '../pipeline/classify.ts';
import { SEVERITY_ORDER } from '../report/order.ts';
import { countFindings } from '../report/summary.ts';
import { annotationFor, type Annotation } from './annotations.ts';
import { cell, clampText, fitTable, mdText } from './markdown.ts';
import { dedupeUnchecked, uncheckedConclusion, type Unchecked } from './unchecked.ts';

/** GitHub's limit for a check run's output.summary and output.text. */
export const MAX_OUTPUT_CHARS = 65_535;
/** Annotations beyond this are left out (each 50 costs one request). */
export const MAX_ANNOTATIONS = 1_000;

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface CheckOutputInput {
  classified: Classified;
  /** The repository's web address (payload repository.html_url): links are <repoUrl>/blob/<sha>/<file>#L<line>. */
  repoUrl: string;
  headSha: string;
  baseSha: string;
  /** Things the reviewer should know: truncated file list, unreadable files … */
  notes: readonly string[];
  stats: { files: number; resources: number; policies: number };
  /** Conclusion when the change brings only non-blocking findings (default neutral). */
  warningsConclusion?: Conclusion;
  /** Which new findings fail the check (default isBlocking; the app passes blockingRule(config)). */
  blocks?: (finding: Finding) => boolean;
  /** More Markdown for output.text (e.g. the rendered diff), folded by the caller. */
  text?: string;
  /** What could not be checked: the conclusion is then failure (neutral with failurePolicy: ignore), never success. */
  unchecked?: readonly Unchecked[];
  failurePolicy?: 'fail' | 'ignore';
}

export interface CheckOutput {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
  /** New findings that come with text edits (what "Apply fixes" would commit). */
  fixable: number;
  text?: string;
}

/**
 * failure when the change introduces a blocking finding (an Enforce policy fails, or
 * preadmit could not judge an input); neutral when it introduces only non-blocking ones;
 * success otherwise — findings already on the base branch never fail a pull request.
 */
export function conclusionFor(classified: Classified, warningsConclusion: Conclusion = 'neutral', blocks: (f: Finding) => boolean = isBlocking): Conclusion {
  if (classified.new.some(blocks)) return 'failure';
  if (classified.new.length > 0) return warningsConclusion;
  return 'success';
}

export function checkTitle(classified: Classified, blocks: (f: Finding) => boolean = isBlocking): string {
  const blocking = classified.new.filter(blocks).length;
  const others = classified.new.length - blocking;
  const fixed = classified.fixed.length > 0 ? `, ${classified.fixed.length} fixed` : '';
  if (blocking > 0) return `${plural(blocking, 'blocking finding')}${others ? ` and ${others} other` : ''} introduced${fixed}`;
  if (others > 0) return `${plural(others, 'non-blocking finding')} introduced${fixed}`;
  return `No new findings${fixed}`;
}

export function buildCheckOutput(input: CheckOutputInput): CheckOutput {
  const { classified } = input;
  const blocks = input.blocks ?? isBlocking;
  const unchecked = dedupeUnchecked(input.unchecked ?? []);
  const byFindings = conclusionFor(classified, input.warningsConclusion, blocks);
  const conclusion = unchecked.length > 0 && byFindings !== 'failure' ? uncheckedConclusion(input.failurePolicy ?? 'fail') : byFindings;
  const title = unchecked.length > 0 ? `${plural(unchecked.length, 'input')} not checked; ${lowerFirst(checkTitle(classified, blocks))}` : checkTitle(classified, blocks);
  const link = (f: Finding, sha: string): string =>
    `[${mdText(`${f.file}#L${f.line}`)}](${input.repoUrl}/blob/${sha}/${encodePath(f.file)}#L${f.line})`;
  const row = (f: Finding, sha: string): string[] => [
    `${blocks(f) ? '**blocking**' : f.status === 'error' ? 'error' : 'warning'} · ${f.severity}`,
    cell(`${f.policy}/${f.rule}`, 120),
    cell(f.resource ? formatRef(f.resource) : '—', 120),
    link(f, sha),
    cell(f.message),
  ];
  const header = ['Result', 'Policy/rule', 'Resource', 'Location', 'Message'];

  const verdict =
    byFindings === 'failure' ? '### ❌ This change introduces blocking findings' : unchecked.length > 0 ? '### ❌ preadmit could not check all of this change' : conclusion === 'success' ? '### ✅ No new findings' : '### ⚠️ This change introduces non-blocking findings';
  let head = `${verdict}\n\n${uncheckedSection(unchecked, input.failurePolicy ?? 'fail')}${countsTable(classified, blocks)}\n`;
  head += `Checked ${plural(input.stats.files, 'changed file')}, ${plural(input.stats.resources, 'resource')} against ${plural(input.stats.policies, 'policy', 'policies')}; compared with the base ${input.baseSha.slice(0, 7)}.\n`;
  const notes = input.notes.length > 0 ? `\n${input.notes.map((n) => `> ${n}`).join('\n')}\n` : '';
  let budget = MAX_OUTPUT_CHARS - head.length - notes.length - 400;
  const sections: string[] = [];
  if (classified.new.length > 0) {
    const t = fitTable(header, byImportance(classified.new, blocks).map((f) => row(f, input.headSha)), budget);
    const more = t.omitted > 0 ? `\n…and ${t.omitted} more new findings, listed as annotations.\n` : '';
    const s = `\n#### New findings (${classified.new.length})\n\n${t.text}${more}`;
    sections.push(s);
    budget -= s.length;
  }
  if (classified.fixed.length > 0) {
    const t = fitTable(header, classified.fixed.map((f) => row(f, input.baseSha)), budget);
    const more = t.omitted > 0 ? `\n…and ${t.omitted} more.\n` : '';
    const s = `\n#### Fixed by this change (${classified.fixed.length})\n\n${t.text}${more}`;
    sections.push(s);
    budget -= s.length;
  }
  if (classified.existing.length > 0) {
    const t = fitTable(header, classified.existing.map((f) => row(f, input.headSha)), budget - 200);
    const more = t.omitted > 0 ? `\n…and ${t.omitted} more.\n` : '';
    sections.push(
      `\n<details><summary>${plural(classified.existing.length, 'existing finding')} — already on the base branch, not introduced here</summary>\n\n${t.text}${more}\n</details>\n`,
    );
  }
  const fixable = classified.new.filter((f) => (f.edits ?? []).length > 0).length;
  if (fixable > 0) head += `\n${plural(fixable, 'new finding has', 'new findings have')} a suggested fix: the review comments show it, and **Apply fixes** above commits them all.\n`;
  const summary = clampText(head + sections.join('') + notes, MAX_OUTPUT_CHARS, '…output truncated to GitHub’s 65,535-character limit.');

  const annotations = [
    ...byImportance(classified.new, blocks).map((f) => annotationFor(f, 'new', blocks)),
    ...classified.existing.map((f) => annotationFor(f, 'existing')),
  ].slice(0, MAX_ANNOTATIONS);
  const text = input.text === undefined ? {} : { text: clampText(input.text, MAX_OUTPUT_CHARS, '…truncated to GitHub’s 65,535-character limit.') };
  return { conclusion, title, summary, annotations, fixable, ...text };
}

/** Blocking first, then by severity; stable otherwise (the engine's file/line order). */
function byImportance(findings: readonly Finding[], blocks: (f: Finding) => boolean): Finding[] {
  const rank = (f: Finding): number => (blocks(f) ? 0 : 10) + SEVERITY_ORDER.indexOf(f.severity);
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** New findings per layer (rows) and severity (columns). */
function countsTable(classified: Classified, blocks: (f: Finding) => boolean): string {
  const counts = countFindings(classified.new);
  const lines = [`| New findings | ${SEVERITY_ORDER.join(' | ')} | total |`, `|---${'|---'.repeat(SEVERITY_ORDER.length + 1)}|`];
  for (const layer of LAYERS) {
    const inLayer = classified.new.filter((f) => f.layer === layer);
    const c = countFindings(inLayer);
    lines.push(`| ${layer} | ${SEVERITY_ORDER.map((s) => c.bySeverity[s]).join(' | ')} | ${c.total} |`);
  }
  lines.push(
    `| **all** (${classified.new.filter(blocks).length} blocking) | ${SEVERITY_ORDER.map((s) => counts.bySeverity[s]).join(' | ')} | ${counts.total} |`,
  );
  lines.push('', `Fixed: ${classified.fixed.length} · existing (not introduced here): ${classified.existing.length}`);
  return lines.join('\n') + '\n';
}

/** What was not checked and why, first in the summary (a check never passes what it did not read). */
function uncheckedSection(unchecked: readonly Unchecked[], failurePolicy: 'fail' | 'ignore'): string {
  if (unchecked.length === 0) return '';
  const shown = unchecked.slice(0, 100);
  const lines = shown.map((u) => `- **${mdText(u.path.slice(0, 300))}**: ${mdText(u.reason.length > 600 ? `${u.reason.slice(0, 599)}…` : u.reason)}`);
  if (unchecked.length > shown.length) lines.push(`- …and ${unchecked.length - shown.length} more not checked.`);
  const effect =
    failurePolicy === 'ignore'
      ? 'failurePolicy is ignore, so this is neutral instead of a failure.'
      : 'The check fails until everything can be checked (or set `failurePolicy: ignore` in .github/preadmit.yml to make this neutral).';
  return `#### Not checked (${unchecked.length})\n\n${lines.join('\n')}\n\n${effect}\n\n`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

function encodePath(file: string): string {
  // encodeURIComponent leaves ( ) ! * ' as they are: a ")" would end the Markdown link early.
  return file.split('/').map((part) => encodeURIComponent(part).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
