import type { ApplicationFunction, Context, Probot } from 'probot';
import type { Policy } from '../policy/types.ts';
import { APPLY_FIXES_ACTION, CHECK_NAME } from './check-run.ts';
import type { DeliveryLog } from './delivery-log.ts';
import { evaluateChange } from './evaluate-change.ts';
import type { GitHub } from './github.ts';
import type { AppMetrics } from './metrics.ts';
import { runApplyFixes } from './run-apply-fixes.ts';
import { routeTemplate } from './route-template.ts';
import { runCheck, type CheckTarget } from './run-check.ts';
import { WorkQueue } from './work-queue.ts';

export interface AppDeps {
  policies: readonly Policy[];
  metrics: AppMetrics;
  queue: WorkQueue;
  deliveries: DeliveryLog;
  now: () => Date;
  /** The evaluation of a change (evaluateChange by default). */
  evaluate?: typeof evaluateChange;
}

interface PullRef {
  number: number;
  head: { sha: string; repo?: { id: number } | null };
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
 * The Probot application: every event that asks for a check becomes a job on the
 * per-pull-request work queue; the webhook is answered at once (GitHub waits 10 s at most).
 */
export function preadmitApp(deps: AppDeps): ApplicationFunction {
  return (app: Probot) => {
    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      const pr = context.payload.pull_request;
      accept(context, deps, [{ pull: pr, changedFiles: pr.changed_files }], true);
    });
    app.on('check_run.rerequested', async (context) => {
      if (context.payload.check_run.name !== CHECK_NAME) return ignore(context, deps, 'another check');
      accept(context, deps, context.payload.check_run.pull_requests.map((pull) => ({ pull })), false);
    });
    app.on('check_suite.rerequested', async (context) => {
      accept(context, deps, context.payload.check_suite.pull_requests.map((pull) => ({ pull })), false);
    });
    app.on('check_run.requested_action', async (context) => {
      const { check_run: run, requested_action: action } = context.payload;
      if (run.name !== CHECK_NAME || action?.identifier !== APPLY_FIXES_ACTION.identifier) return ignore(context, deps, 'not our action');
      const pull = run.pull_requests[0];
      // Fork pull requests are not listed here, and the app cannot push to forks anyway.
      if (!pull) return ignore(context, deps, 'no pull request (fork?)');
      if (!deps.deliveries.firstTime(context.id)) return count(context, deps, 'duplicate');
      const repository = context.payload.repository as RepoPayload;
      const sender = (context.payload as { sender?: { login?: string } }).sender?.login;
      const target = { ...baseTarget(repository, run.head_sha, pull.base.sha), pull: { number: pull.number }, sender, defaultBranch: repository.default_branch };
      const github = instrumented(context, deps.metrics);
      const log = context.log.child({ delivery: context.id, event: 'apply-fixes', repository: `${target.repo.owner}/${target.repo.repo}`, pr: pull.number, sender });
      const checkDeps = { github, policies: deps.policies, log, metrics: deps.metrics, now: deps.now, evaluate: deps.evaluate ?? evaluateChange };
      deps.queue.enqueue({
        key: `${target.repo.owner}/${target.repo.repo}#${pull.number}`,
        sha: run.head_sha,
        supersedes: false,
        run: async (signal) => {
          const applied = await runApplyFixes(target, checkDeps, signal);
          // The branch moved since the check ran: check what it holds now.
          if (applied.outcome === 'moved') await runCheck({ ...baseTarget(repository, applied.headSha, applied.baseSha), pull: { number: pull.number } }, checkDeps, signal);
        },
      });
      count(context, deps, 'queued');
    });
    app.on('merge_group.checks_requested', async (context) => {
      const group = context.payload.merge_group;
      if (!deps.deliveries.firstTime(context.id)) return count(context, deps, 'duplicate');
      const target = baseTarget(context.payload.repository as RepoPayload, group.head_sha, group.base_sha);
      enqueue(context, deps, instrumented(context, deps.metrics), `merge_group:${group.head_ref}`, target, true);
      count(context, deps, 'queued');
    });
  };
}

function accept(context: Context, deps: AppDeps, pulls: Array<{ pull: PullRef; changedFiles?: number | undefined }>, supersedes: boolean): void {
  if (pulls.length === 0) return ignore(context, deps, 'no pull request (fork or deleted branch)');
  if (!deps.deliveries.firstTime(context.id)) return count(context, deps, 'duplicate');
  const repository = (context.payload as { repository: RepoPayload }).repository;
  const github = instrumented(context, deps.metrics);
  for (const { pull, changedFiles } of pulls) {
    const fork = isFork(pull) ? { fork: true } : {};
    const target: CheckTarget = {
      ...baseTarget(repository, pull.head.sha, pull.base.sha),
      pull: changedFiles === undefined ? { number: pull.number, ...fork } : { number: pull.number, changedFiles, ...fork },
    };
    enqueue(context, deps, github, `#${pull.number}`, target, supersedes);
  }
  count(context, deps, 'queued');
}

function baseTarget(repository: RepoPayload, headSha: string, baseSha: string): CheckTarget {
  return { repo: { owner: repository.owner.login, repo: repository.name }, repoUrl: repository.html_url, headSha, baseSha };
}

function enqueue(context: Context, deps: AppDeps, github: GitHub, suffix: string, target: CheckTarget, supersedes: boolean): void {
  const key = `${target.repo.owner}/${target.repo.repo}${suffix}`;
  const log = context.log.child({ delivery: context.id, event: context.name, repository: `${target.repo.owner}/${target.repo.repo}`, pr: target.pull?.number, headSha: target.headSha });
  log.info('check queued');
  deps.queue.enqueue({
    key,
    sha: target.headSha,
    supersedes,
    run: async (signal) => {
      await runCheck(target, { github, policies: deps.policies, log, metrics: deps.metrics, now: deps.now, evaluate: deps.evaluate ?? evaluateChange }, signal);
    },
  });
}

/** The event's installation client, counting its requests in the metrics. */
function instrumented(context: Context, metrics: AppMetrics): GitHub {
  const github = context.octokit as unknown as GitHub;
  github.hook.after('request', (response, options) => {
    metrics.githubCalls.inc({ method: options.method, route: routeTemplate(String(options.url)), status: String(response.status) });
  });
  github.hook.error('request', (error, options) => {
    const status = (error as { status?: number }).status;
    metrics.githubCalls.inc({ method: options.method, route: routeTemplate(String(options.url)), status: String(status ?? 'error') });
    throw error;
  });
  return github;
}

function ignore(context: Context, deps: AppDeps, why: string): void {
  context.log.debug({ delivery: context.id, why }, 'event ignored');
  count(context, deps, 'ignored');
}

function count(context: Context, deps: AppDeps, outcome: string): void {
  const action = (context.payload as { action?: string }).action ?? '';
  deps.metrics.events.inc({ event: context.name, action, outcome });
}
