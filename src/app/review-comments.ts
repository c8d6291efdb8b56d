import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.ts';
import { isBlocking } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import { fingerprint } from '../pipeline/classify.ts';
import { hunkContaining, type HunkRange } from './diff-hunks.ts';
import { suggestionSpan } from './suggestion-span.ts';

/** One inline comment of a pull-request review, as the GitHub API takes it. */
export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

export interface ReviewPlan {
  comments: ReviewComment[];
  /** New findings not commented: outside the diff, over the limit. */
  notCommented: Finding[];
  /** New findings already commented on an earlier push. */
  alreadyCommented: Finding[];
}

export interface ReviewInput {
  /** The new findings, in the order they should be commented. */
  findings: readonly Finding[];
  /** Diff hunks of each changed file (head-side line ranges). */
  hunks: ReadonlyMap<string, readonly HunkRange[]>;
  /** Head file contents split in lines (to show the anchor line of an insertion). */
  headLines: ReadonlyMap<string, readonly string[]>;
  /** Markers found in the bodies of earlier review comments. */
  commented: ReadonlySet<string>;
  maxComments: number;
  /** Which findings block (default isBlocking). */
  blocks?: (finding: Finding) => boolean;
}

const MARKER = /<!-- preadmit:fp=([0-9a-f]{16}) -->/g;

/** A short, stable id of a finding's fingerprint, kept hidden in the comment body. */
export function commentMarker(finding: Finding): string {
  return createHash('sha256').update(fingerprint(finding)).digest('hex').slice(0, 16);
}

/** Marks a comment whose finding is gone; such a comment no longer counts as commented. */
export const RESOLVED_MARK = '<!-- preadmit:resolved -->';

/** The markers in existing comment bodies (resolved ones left out, so a finding that returns is commented again). */
export function markersIn(bodies: Iterable<string>): Set<string> {
  const found = new Set<string>();
  for (const body of bodies) {
    if (body.includes(RESOLVED_MARK)) continue;
    for (const m of body.matchAll(MARKER)) if (m[1]) found.add(m[1]);
  }
  return found;
}

/**
 * Comments of earlier pushes whose finding the head no longer has: their new body says so
 * (the original folded below), so reviewers see at a glance what the author has fixed.
 */
export function planResolutions(comments: readonly { id: number; body: string }[], current: readonly Finding[], headSha: string): { id: number; body: string }[] {
  const still = new Set(current.map(commentMarker));
  const updates: { id: number; body: string }[] = [];
  for (const comment of comments) {
    if (comment.body.includes(RESOLVED_MARK)) continue;
    const markers = [...comment.body.matchAll(MARKER)].map((m) => m[1]);
    if (markers.length === 0 || markers.some((m) => m !== undefined && still.has(m))) continue;
    updates.push({
      id: comment.id,
      body: `✅ **Resolved** in ${headSha.slice(0, 7)}: preadmit no longer finds this.\n\n<details><summary>Original comment</summary>\n\n${comment.body}\n\n</details>\n${RESOLVED_MARK}`,
    });
  }
  return updates;
}

/**
 * Plan one review: an inline comment per new finding that sits on a line inside the
 * pull request's diff hunks (GitHub rejects the whole review otherwise), at most
 * maxComments, skipping findings commented on an earlier push. A ```suggestion block is
 * added when the finding's edit lies inside one hunk.
 */
export function planReview(input: ReviewInput): ReviewPlan {
  const plan: ReviewPlan = { comments: [], notCommented: [], alreadyCommented: [] };
  const planned = new Set<string>();
  const suggested = new Map<string, number>();
  const blocks = input.blocks ?? isBlocking;
  for (const finding of input.findings) {
    const marker = commentMarker(finding);
    if (input.commented.has(marker)) {
      plan.alreadyCommented.push(finding);
      continue;
    }
    if (planned.has(marker)) continue;
    const hunks = input.hunks.get(finding.file) ?? [];
    const placed = placeComment(finding, hunks, input.headLines.get(finding.file));
    if (!placed || plan.comments.length >= input.maxComments) {
      plan.notCommented.push(finding);
      continue;
    }
    planned.add(marker);
    // Findings of one resource share its fix: the first comment carries the suggestion, the others point to it.
    const key = placed.suggestion ? `${finding.file}:${placed.anchor.start_line ?? placed.anchor.line}-${placed.anchor.line}:${placed.suggestion.join('\n')}` : undefined;
    const sameAs = key === undefined ? undefined : suggested.get(key);
    if (key !== undefined && sameAs === undefined) suggested.set(key, placed.anchor.line);
    if (sameAs !== undefined && hunkContaining(hunks, finding.line)) {
      plan.comments.push({ path: finding.file, line: finding.line, side: 'RIGHT', body: commentBody(finding, marker, undefined, blocks, sameAs) });
      continue;
    }
    plan.comments.push({ ...placed.anchor, body: commentBody(finding, marker, placed.suggestion, blocks) });
  }
  return plan;
}

interface Placement {
  anchor: Omit<ReviewComment, 'body'>;
  suggestion?: string[];
}

function placeComment(finding: Finding, hunks: readonly HunkRange[], lines: readonly string[] | undefined): Placement | undefined {
  const withSuggestion = suggestionPlacement(finding, hunks, lines);
  if (withSuggestion) return withSuggestion;
  if (!hunkContaining(hunks, finding.line)) return undefined;
  return { anchor: { path: finding.file, line: finding.line, side: 'RIGHT' } };
}

/** The edits of the finding's own file, as one suggestion when they fit in one hunk. */
function suggestionPlacement(finding: Finding, hunks: readonly HunkRange[], lines: readonly string[] | undefined): Placement | undefined {
  const span = suggestionSpan((finding.edits ?? []).filter((e) => e.file === finding.file), hunks, lines);
  if (!span) return undefined;
  const anchor: Omit<ReviewComment, 'body'> = { path: finding.file, line: span.end, side: 'RIGHT' };
  if (span.start < span.end) {
    anchor.start_line = span.start;
    anchor.start_side = 'RIGHT';
  }
  return { anchor, suggestion: span.lines };
}

function commentBody(finding: Finding, marker: string, suggestion: string[] | undefined, blocks: (f: Finding) => boolean, sharedAt?: number): string {
  const what = finding.resource ? ` on \`${formatRef(finding.resource)}\`` : '';
  const verdict = blocks(finding) ? 'Blocking' : finding.status === 'error' ? 'Error' : 'Warning';
  const parts = [`**${verdict} (${finding.severity}) · ${finding.policy}/${finding.rule}**${what}`, '', finding.message];
  if (suggestion) {
    const fence = suggestion.some((l) => l.includes('```')) ? '````' : '```';
    parts.push('', finding.fix ? `Suggested fix: ${finding.fix.description}` : 'Suggested fix:', '', `${fence}suggestion`, ...suggestion, fence);
  } else if (sharedAt !== undefined) {
    parts.push('', `The suggested fix on line ${sharedAt} fixes this too.`);
  } else if (finding.fix) {
    parts.push('', `How to fix: ${finding.fix.description}`);
  }
  if (finding.description) {
    const about = finding.description.length > 2000 ? finding.description.slice(0, 1999) + '…' : finding.description;
    parts.push('', `<details><summary>About this policy</summary>\n\n${about}\n</details>`);
  }
  parts.push('', `<!-- preadmit:fp=${marker} -->`);
  return parts.join('\n');
}
