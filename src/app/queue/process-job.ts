import type { Logger } from 'probot';
import type { Policy } from '../../policy/types.ts';
import { abandonCheckRun, externalIdFor, findCheckRun } from '../check-run.ts';
import type { evaluateChange } from '../evaluate-change.ts';
import type { Offload } from '../evaluate-offload.ts';
import { Interrupted, LimitExceeded, Superseded, type GitHub } from '../github.ts';
import type { AppMetrics } from '../metrics.ts';
import { runApplyFixes, type ApplyOutcome } from '../run-apply-fixes.ts';
import { runCheck, type CheckDeps, type CheckRunOutcome } from '../run-check.ts';
import { watchHead, type Watching } from './head-watch.ts';
import type { CheckJob } from './job.ts';
import type { HeadStore } from './stores.ts';

export interface ProcessDeps {
  /** The installation's client (Probot's `auth(installationId)`), instrumented. */
  githubFor: (installationId: number) => Promise<GitHub>;
  heads: HeadStore;
  policies: readonly Policy[];
  metrics: AppMetrics;
  now: () => Date;
  evaluate: typeof evaluateChange;
  /** Rendering and evaluation in worker threads (absent: in this thread, with `evaluate`). */
  offload?: Offload;
  log: Logger;
  /** How often a running job looks at its lane's head record. */
  headPollMs: number;
  /** A job's time limit (PREADMIT_JOB_TIMEOUT_SECONDS). */
  jobTimeoutMs: number;
}

export type JobResult = CheckRunOutcome | ApplyOutcome['outcome'] | 'dropped';

export interface Attempt {
  number: number;
  max: number;
}

/**
 * Run one job on whichever replica holds it. A pull request's job first asks GitHub for the
 * pull request's head: a push job for an older head is dropped (an unfinished run of it is
 * completed as superseded). While it runs, a newer head confirmed by GitHub stops it at its
 * next checkpoint; `stop` (a shutdown) interrupts it, leaving its run to be resumed.
 */
export async function processJob(job: CheckJob, attempt: Attempt, deps: ProcessDeps, stop: AbortSignal): Promise<JobResult> {
  const github = await deps.githubFor(job.installationId);
  const { target } = job;
  const log = deps.log.child({ delivery: job.deliveryId, event: job.event, repository: `${target.repo.owner}/${target.repo.repo}`, pr: target.pull?.number, headSha: target.headSha, attempt: attempt.number });
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Interrupted());
  if (stop.aborted) throw new Interrupted();
  stop.addEventListener('abort', interrupt, { once: true });
  const seconds = Math.round(deps.jobTimeoutMs / 1000);
  const timer = setTimeout(() => controller.abort(new LimitExceeded('time', `The check went over its time limit of ${seconds} s (PREADMIT_JOB_TIMEOUT_SECONDS) and was stopped.`)), deps.jobTimeoutMs);
  timer.unref();
  let watching: Watching | undefined;
  try {
    const pull = target.pull;
    if (pull) {
      const currentHead = async (): Promise<string> => (await github.rest.pulls.get({ ...target.repo, pull_number: pull.number })).data.head.sha;
      const head = await currentHead();
      await deps.heads.confirm(job.lane, head);
      if (job.supersedes && head !== target.headSha) {
        await completeStale(github, job, head, deps);
        log.info({ currentHead: head }, 'job dropped: the pull request has a newer head');
        deps.metrics.jobsDropped.inc({ reason: 'superseded' });
        return 'dropped';
      }
      watching = watchHead({
        lane: job.lane,
        sha: target.headSha,
        baseline: head,
        heads: deps.heads,
        currentHead,
        superseded: (by) => controller.abort(new Superseded(by)),
        pollMs: deps.headPollMs,
        onError: (error) => log.warn({ err: error }, 'could not check for a newer head'),
      });
    }
    const settle = watching?.settle;
    const checkDeps: CheckDeps = { github, policies: deps.policies, log, metrics: deps.metrics, now: deps.now, evaluate: deps.evaluate, ...(deps.offload ? { offload: deps.offload } : {}), ...(settle ? { settle } : {}) };
    if (job.kind === 'apply-fixes') {
      if (!pull) return 'failed';
      const applied = await runApplyFixes({ ...target, pull: { number: pull.number }, sender: job.sender, defaultBranch: job.defaultBranch }, checkDeps, controller.signal);
      if (applied.outcome !== 'moved') return applied.outcome;
      // The branch moved since the check ran: check what it holds now (the head's own run).
      return await runCheck({ ...target, headSha: applied.headSha, baseSha: applied.baseSha, pull: { number: pull.number } }, checkDeps, controller.signal, { externalId: externalIdFor('push'), attempt });
    }
    log.info('check started');
    return await runCheck(target, checkDeps, controller.signal, { externalId: externalIdFor(job.runKey), attempt });
  } finally {
    watching?.stop();
    clearTimeout(timer);
    stop.removeEventListener('abort', interrupt);
  }
}

/** A dropped job's run, if an earlier attempt created one, is completed as superseded, never left open. */
async function completeStale(github: GitHub, job: CheckJob, head: string, deps: ProcessDeps): Promise<void> {
  const run = await findCheckRun(github, job.target.repo, job.target.headSha, externalIdFor(job.runKey));
  if (!run || run.status === 'completed') return;
  await abandonCheckRun(github, job.target.repo, run.id, 'cancelled', `Superseded by ${head.slice(0, 7)}`, `A newer commit (${head}) is the pull request's head; this run was stopped and the newer commit is checked instead.`, deps.now());
  deps.metrics.runs.inc({ conclusion: 'cancelled' });
}
