import type { ApplicationFunction, Context, Probot } from 'probot';
import { APPLY_FIXES_ACTION, CHECK_NAME } from './check-run.ts';
import type { AppMetrics } from './metrics.ts';
import type { ActiveRepos } from './queue/active-repos.ts';
import { mergeGroupLane, pullLane, type CheckJob, type JobQueue } from './queue/job.ts';
import type { HeadStore, SeenStore } from './queue/stores.ts';
import type { CheckTarget } from './read-change.ts';

export interface AppDeps {
  metrics: AppMetrics;
  /** Where accepted work goes: the in-process queue, or BullMQ on Redis. */
  queue: JobQueue;
  /** Delivery ids seen lately, across replicas when on Redis. */
  seen: SeenStore;
  /** Head SHAs as deliveries report them (hints; superseding asks GitHub). */
  heads: HeadStore;
  repos: ActiveRepos;
  now: () => Date;
}

interface PullRef {
  number: number;
  head: { sha: string; ref?: string; repo?: { id: number } | null };
  base: { sha: string; repo?: { id: number } | null };
}

/**
 * A pull request from another repository (a fork): the app cannot push the fix commit
 * there, so only the suggestions are offered. Check-run payloads carry no repositories
 * and list fork pull requests not at all, so what is unknown counts as the same repository.
 */
function isFork(pull: PullRef): boolean {
  if (pull.head.repo === undefined || pull.base.repo === undefined) return false;
  return pull.head.repo === null || pull.base.repo === null || pull.head.repo.id !== pull.base.repo.id;
}

interface RepoPayload {
  name: string;
  owner: { login: string };
  html_url: string;
  default_branch?: string;
}

/** The webhook events the app handles; app.yml's default_events must list each event name. */
export const SUBSCRIBED_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
  'check_run.rerequested',
  'check_run.requested_action',
  'check_suite.rerequested',
  'merge_group.checks_requested',
] as const;

/**
 * The Probot application: every event that asks for a check becomes a job (plain data) on
 * the queue and the webhook is answered at once; a replica's worker runs it. A push's job
 * is the head's own run (`push`); an explicit request (re-run, reopen, Apply fixes) gets a
 * run of its own, keyed by its delivery id.
 */
export function preadmitApp(deps: AppDeps): ApplicationFunction {
  return (app: Probot) => {
    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      const pr = context.payload.pull_request;
      const push = context.payload.action === 'opened' || context.payload.action === 'synchronize';
      await accept(context, deps, [{ pull: pr, changedFiles: pr.changed_files }], { supersedes: true, runKey: push ? 'push' : `delivery:${context.id}` });
    });
    app.on('check_run.rerequested', async (context) => {
      if (context.payload.check_run.name !== CHECK_NAME) return ignore(context, deps, 'another check');
      await accept(context, deps, context.payload.check_run.pull_requests.map((pull) => ({ pull })), { supersedes: false, runKey: `delivery:${context.id}` });
    });
    app.on('check_suite.rerequested', async (context) => {
      await accept(context, deps, context.payload.check_suite.pull_requests.map((pull) => ({ pull })), { supersedes: false, runKey: `delivery:${context.id}` });
    });
    app.on('check_run.requested_action', async (context) => {
      const { check_run: run, requested_action: action } = context.payload;
      if (run.name !== CHECK_NAME || action?.identifier !== APPLY_FIXES_ACTION.identifier) return ignore(context, deps, 'not our action');
      const pull = run.pull_requests[0];
      // Fork pull requests are not listed here, and the app cannot push to forks anyway.
      if (!pull) return ignore(context, deps, 'no pull request (fork?)');
      const repository = context.payload.repository as RepoPayload;
      const target: CheckTarget = { ...baseTarget(repository, run.head_sha, pull.base.sha), pull: { number: pull.number } };
      const job = jobFor(context, target, pullLane(target.repo.owner, target.repo.repo, pull.number), { supersedes: false, runKey: `delivery:${context.id}` });
      if (!job) return ignore(context, deps, 'no installation');
      const sender = (context.payload as { sender?: { login?: string } }).sender?.login;
      await enqueue(context, deps, [{ ...job, kind: 'apply-fixes', ...(sender === undefined ? {} : { sender }), ...(repository.default_branch === undefined ? {} : { defaultBranch: repository.default_branch }) }]);
    });
    app.on('merge_group.checks_requested', async (context) => {
      const group = context.payload.merge_group;
      const target = baseTarget(context.payload.repository as RepoPayload, group.head_sha, group.base_sha);
      const job = jobFor(context, target, mergeGroupLane(target.repo.owner, target.repo.repo, group.head_ref), { supersedes: false, runKey: 'merge-group' });
      if (!job) return ignore(context, deps, 'no installation');
      await enqueue(context, deps, [job]);
    });
  };
}

interface JobKind {
  supersedes: boolean;
  runKey: string;
}

async function accept(context: Context, deps: AppDeps, pulls: Array<{ pull: PullRef; changedFiles?: number | undefined }>, kind: JobKind): Promise<void> {
  if (pulls.length === 0) return ignore(context, deps, 'no pull request (fork or deleted branch)');
  const repository = (context.payload as { repository: RepoPayload }).repository;
  const jobs: CheckJob[] = [];
  for (const { pull, changedFiles } of pulls) {
    const fork = isFork(pull) ? { fork: true } : {};
    const target: CheckTarget = {
      ...baseTarget(repository, pull.head.sha, pull.base.sha),
      pull: changedFiles === undefined ? { number: pull.number, ...fork } : { number: pull.number, changedFiles, ...fork },
    };
    const job = jobFor(context, target, pullLane(target.repo.owner, target.repo.repo, pull.number), kind);
    if (!job) return ignore(context, deps, 'no installation');
    jobs.push(job);
  }
  await enqueue(context, deps, jobs);
}

/** Dedupe by delivery id (across replicas on Redis), note the head, queue the jobs. */
async function enqueue(context: Context, deps: AppDeps, jobs: CheckJob[]): Promise<void> {
  if (!(await deps.seen.firstTime(`delivery:${context.id}`))) return count(context, deps, 'duplicate');
  for (const job of jobs) {
    const { repo, headSha } = job.target;
    if (job.supersedes) await deps.heads.hint(job.lane, headSha);
    await deps.repos.touch({ installationId: job.installationId, ...repo, repoUrl: job.target.repoUrl }, deps.now().getTime());
    const added = await deps.queue.add(job);
    context.log.info({ delivery: context.id, event: context.name, repository: `${repo.owner}/${repo.repo}`, pr: job.target.pull?.number, headSha, kind: job.kind }, added === 'added' ? 'check queued' : 'same work already queued');
  }
  count(context, deps, 'queued');
}

function jobFor(context: Context, target: CheckTarget, lane: string, kind: JobKind): CheckJob | undefined {
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
  if (installationId === undefined) return undefined;
  return { kind: 'check', installationId, target, lane, runKey: kind.runKey, supersedes: kind.supersedes, deliveryId: context.id, event: `${context.name}.${(context.payload as { action?: string }).action ?? ''}` };
}

function baseTarget(repository: RepoPayload, headSha: string, baseSha: string): CheckTarget {
  return { repo: { owner: repository.owner.login, repo: repository.name }, repoUrl: repository.html_url, headSha, baseSha };
}

function ignore(context: Context, deps: AppDeps, why: string): void {
  context.log.debug({ delivery: context.id, why }, 'event ignored');
  count(context, deps, 'ignored');
}

function count(context: Context, deps: AppDeps, outcome: string): void {
  const action = (context.payload as { action?: string }).action ?? '';
  deps.metrics.events.inc({ event: context.name, action, outcome });
}
