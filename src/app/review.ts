import type { Logger } from 'probot';
import { isBlocking, type Finding } from '../core/finding.ts';
import type { ChangedFile } from './changed-files.ts';
import { parseHunkRanges } from './diff-hunks.ts';
import { checkpoint, describeError, type GitHub, type RepoId } from './github.ts';
import { markersIn, planResolutions, planReview, type ReviewPlan } from './review-comments.ts';

export interface ExistingComment {
  id: number;
  body: string;
}

/** The review comments already on the pull request (one listing serves both the review and the resolutions). */
export async function listComments(github: GitHub, repo: RepoId, pullNumber: number): Promise<ExistingComment[]> {
  const comments = await github.paginate(github.rest.pulls.listReviewComments, { ...repo, pull_number: pullNumber, per_page: 100 });
  return comments.map((c) => ({ id: c.id, body: c.body }));
}

/**
 * Mark the comments of earlier pushes whose finding is gone as resolved (their body is
 * edited; GitHub also shows them outdated once their lines change). Returns a note.
 */
export async function resolveGoneComments(github: GitHub, repo: RepoId, comments: readonly ExistingComment[], headSha: string, current: readonly Finding[]): Promise<string[]> {
  const updates = planResolutions(comments, current, headSha);
  for (const update of updates) await github.rest.pulls.updateReviewComment({ ...repo, comment_id: update.id, body: update.body });
  return updates.length > 0 ? [`${updates.length} earlier comment(s) marked resolved: their findings are gone.`] : [];
}

/** Post the plan as one review (event COMMENT) on the head commit; nothing when there is nothing new. */
export async function postReview(github: GitHub, repo: RepoId, pullNumber: number, headSha: string, plan: ReviewPlan, summary: string): Promise<boolean> {
  if (plan.comments.length === 0) return false;
  try {
    // No automatic retry: a review GitHub created but whose answer was lost would be posted twice.
    await github.rest.pulls.createReview({ ...repo, pull_number: pullNumber, commit_id: headSha, event: 'COMMENT', body: summary, comments: plan.comments, request: { retries: 0 } });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 422) throw error;
    // Look before posting again: the comments carry their finding's fingerprint marker.
    const wanted = markersIn(plan.comments.map((c) => c.body));
    const present = markersIn((await listComments(github, repo, pullNumber)).map((c) => c.body));
    if (wanted.size > 0 && [...wanted].every((m) => present.has(m))) return true;
    if ([...wanted].some((m) => present.has(m))) throw error;
    await github.rest.pulls.createReview({ ...repo, pull_number: pullNumber, commit_id: headSha, event: 'COMMENT', body: summary, comments: plan.comments, request: { retries: 0 } });
    return true;
  }
}

export interface ReviewTarget {
  pullNumber: number;
  headSha: string;
  /** The changed files, with their diff patches. */
  files: readonly ChangedFile[];
  headLines: ReadonlyMap<string, readonly string[]>;
  maxComments: number;
  /** Which findings block (blockingRule of the config). */
  blocks?: (finding: Finding) => boolean;
}

/**
 * One review for this push: inline comments on the new findings inside the diff that were
 * not commented before. Returns notes for the check run (what was posted, what was not).
 * A 422 (GitHub rejecting the review) is a note, not an error.
 */
export async function reviewNewFindings(
  github: GitHub,
  repo: RepoId,
  target: ReviewTarget,
  findings: readonly Finding[],
  existing: readonly ExistingComment[],
  log: Logger,
  signal: AbortSignal,
): Promise<string[]> {
  const notes: string[] = [];
  const blocks = target.blocks ?? isBlocking;
  // Blocking findings first: when findings share a resource's fix, the blocking one carries the suggestion.
  const ordered = [...findings.filter(blocks), ...findings.filter((f) => !blocks(f))];
  const input = {
    findings: ordered,
    hunks: new Map(target.files.map((f) => [f.filename, parseHunkRanges(f.patch)])),
    headLines: target.headLines,
    commented: new Set<string>(),
    maxComments: target.maxComments,
    blocks,
  };
  checkpoint(signal);
  const plan = planReview({ ...input, commented: markersIn(existing.map((c) => c.body)) });
  try {
    const body = `preadmit found ${findings.length} new finding(s) on ${target.headSha.slice(0, 7)}; the \`preadmit\` check run lists them all.`;
    if (await postReview(github, repo, target.pullNumber, target.headSha, plan, body)) notes.push(`${plan.comments.length} inline comment(s) posted in a review.`);
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error;
    log.warn({ err: error }, 'review rejected');
    notes.push(`The inline review could not be posted (${describeError(error)}); the findings are listed here.`);
  }
  if (plan.notCommented.length > 0) notes.push(`${plan.notCommented.length} new finding(s) are outside the diff or over the ${target.maxComments}-comment limit; they are listed here only.`);
  return notes;
}
