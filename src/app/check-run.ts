import { batchAnnotations } from './annotations.ts';
import type { CheckOutput } from './check-output.ts';
import { clampText } from './markdown.ts';
import { MAX_OUTPUT_CHARS } from './check-output.ts';
import type { GitHub, RepoId } from './github.ts';

/** The stable check name: it can be a required status check on protected branches. */
export const CHECK_NAME = 'preadmit';

/** The check run's requested action that commits the suggested fixes (label ≤ 20, description ≤ 40 characters). */
export const APPLY_FIXES_ACTION = { label: 'Apply fixes', description: 'Commit the suggested fixes', identifier: 'apply-fixes' } as const;

/**
 * The `external_id` of preadmit's check runs: one run per head SHA for a push
 * (`preadmit:push`), one per explicit request (`preadmit:delivery:<id>` for a re-run or a
 * reopened pull request). With the name and the head SHA it identifies the run, so a crashed
 * or retried job finds its run again instead of creating a second one.
 */
export function externalIdFor(runKey: string): string {
  return `preadmit:${runKey}`;
}

/** The run key of one of preadmit's external ids; undefined for anything else. */
export function runKeyOf(externalId: string | null | undefined): string | undefined {
  return externalId?.startsWith('preadmit:') ? externalId.slice('preadmit:'.length) : undefined;
}

export interface ExistingCheckRun {
  id: number;
  status: string;
  conclusion: string | null;
  externalId: string | null;
}

/** preadmit's check runs on a commit (by name; all of them, not only the latest). */
export async function listOwnCheckRuns(github: GitHub, repo: RepoId, headSha: string): Promise<ExistingCheckRun[]> {
  const runs = await github.paginate(github.rest.checks.listForRef, { ...repo, ref: headSha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
  return runs.filter((r) => r.name === CHECK_NAME).map((r) => ({ id: r.id, status: r.status, conclusion: r.conclusion, externalId: r.external_id }));
}

/** The run with this external id on the commit, if GitHub has one. */
export async function findCheckRun(github: GitHub, repo: RepoId, headSha: string, externalId: string): Promise<ExistingCheckRun | undefined> {
  return (await listOwnCheckRuns(github, repo, headSha)).find((r) => r.externalId === externalId);
}

export interface EnsuredCheckRun {
  id: number;
  /** created: a new run; resumed: an unfinished run of an earlier attempt; completed: nothing left to do. */
  state: 'created' | 'resumed' | 'completed';
}

/**
 * Find the run (name, head SHA, external id) before creating one, and create it without
 * the client's automatic retry: when GitHub created the run but the answer was lost, the
 * look-up after the error finds it, so a head never gets a second run.
 */
export async function ensureCheckRun(github: GitHub, repo: RepoId, headSha: string, externalId: string, startedAt: Date): Promise<EnsuredCheckRun> {
  const existing = await findCheckRun(github, repo, headSha, externalId);
  if (existing) return { id: existing.id, state: existing.status === 'completed' ? 'completed' : 'resumed' };
  try {
    return { id: await createCheckRun(github, repo, headSha, startedAt, externalId), state: 'created' };
  } catch (error) {
    const created = await findCheckRun(github, repo, headSha, externalId).catch(() => undefined);
    if (created) return { id: created.id, state: created.status === 'completed' ? 'completed' : 'resumed' };
    throw error;
  }
}

export async function createCheckRun(github: GitHub, repo: RepoId, headSha: string, startedAt: Date, externalId?: string): Promise<number> {
  const response = await github.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: 'in_progress',
    started_at: startedAt.toISOString(),
    ...(externalId === undefined ? {} : { external_id: externalId }),
    output: { title: 'Checking manifests…', summary: 'preadmit is evaluating the changed manifests against the policies.' },
    request: { retries: 0 },
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
