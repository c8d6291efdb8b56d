import { batchAnnotations } from './annotations.ts';
import type { CheckOutput } from './check-output.ts';
import { clampText } from './markdown.ts';
import { MAX_OUTPUT_CHARS } from './check-output.ts';
import type { GitHub, RepoId } from './github.ts';

/** The stable check name: it can be a required status check on protected branches. */
export const CHECK_NAME = 'preadmit';

/** The check run's requested action that commits the suggested fixes (label ≤ 20, description ≤ 40 characters). */
export const APPLY_FIXES_ACTION = { label: 'Apply fixes', description: 'Commit the suggested fixes', identifier: 'apply-fixes' } as const;

export async function createCheckRun(github: GitHub, repo: RepoId, headSha: string, startedAt: Date): Promise<number> {
  const response = await github.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: 'in_progress',
    started_at: startedAt.toISOString(),
    output: { title: 'Checking manifests…', summary: 'preadmit is evaluating the changed manifests against the policies.' },
  });
  return response.data.id;
}

/**
 * Publish the result: annotations go out 50 per request (GitHub's limit) while the run is
 * in progress; the last request carries the conclusion. Returns the number of requests.
 */
export async function completeCheckRun(github: GitHub, repo: RepoId, checkRunId: number, output: CheckOutput, completedAt: () => Date, offerFixes = false): Promise<number> {
  const batches = batchAnnotations(output.annotations);
  const base = { title: output.title, summary: output.summary, ...(output.text === undefined ? {} : { text: output.text }) };
  for (const [index, annotations] of batches.entries()) {
    const last = index === batches.length - 1;
    const out = annotations.length > 0 ? { ...base, annotations } : base;
    if (last) {
      const actions = offerFixes ? { actions: [{ ...APPLY_FIXES_ACTION }] } : {};
      await github.rest.checks.update({ ...repo, check_run_id: checkRunId, status: 'completed', conclusion: output.conclusion, completed_at: completedAt().toISOString(), output: out, ...actions });
    } else {
      await github.rest.checks.update({ ...repo, check_run_id: checkRunId, status: 'in_progress', output: out });
    }
  }
  return batches.length;
}

/** End a run that could not produce a result, so it is never left in progress. */
export async function abandonCheckRun(
  github: GitHub,
  repo: RepoId,
  checkRunId: number,
  conclusion: 'failure' | 'neutral' | 'cancelled',
  title: string,
  summary: string,
  completedAt: Date,
): Promise<void> {
  await github.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion,
    completed_at: completedAt.toISOString(),
    output: { title, summary: clampText(summary, MAX_OUTPUT_CHARS, '…truncated.') },
  });
}
