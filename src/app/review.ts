import type { GitHub, RepoId } from './github.ts';
import { markersIn, type ReviewPlan } from './review-comments.ts';

/** Markers of the findings preadmit already commented on this pull request. */
export async function commentedMarkers(github: GitHub, repo: RepoId, pullNumber: number): Promise<Set<string>> {
  const comments = await github.paginate(github.rest.pulls.listReviewComments, { ...repo, pull_number: pullNumber, per_page: 100 });
  return markersIn(comments.map((c) => c.body));
}

/** Post the plan as one review (event COMMENT) on the head commit; nothing when there is nothing new. */
export async function postReview(github: GitHub, repo: RepoId, pullNumber: number, headSha: string, plan: ReviewPlan, summary: string): Promise<boolean> {
  if (plan.comments.length === 0) return false;
  await github.rest.pulls.createReview({ ...repo, pull_number: pullNumber, commit_id: headSha, event: 'COMMENT', body: summary, comments: plan.comments });
  return true;
}
