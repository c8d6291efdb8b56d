import type { Logger } from 'probot';
import { listOwnCheckRuns, runKeyOf } from '../check-run.ts';
import { describeError, type GitHub } from '../github.ts';
import type { ActiveRepo, ActiveRepos } from '../queue/active-repos.ts';
import { pullLane, type CheckJob, type JobQueue } from '../queue/job.ts';

export interface SweepDeps {
  /** The app's own client (JWT), to list its installations. */
  appClient: () => Promise<GitHub>;
  githubFor: (installationId: number) => Promise<GitHub>;
  queue: JobQueue;
  repos: ActiveRepos;
  now: () => Date;
  /** Pull requests updated within this window are looked at. */
  windowMs: number;
  log: Logger;
}

export interface SweepReport {
  repos: number;
  pulls: number;
  /** Unfinished runs whose job was queued again (it resumes the same run). */
  resumed: number;
  /** Dead letters put back on the queue. */
  redriven: number;
  errors: number;
}

/**
 * Find preadmit's own unfinished check runs (name `preadmit`, a `preadmit:` external id) on
 * the heads of open pull requests and queue their job again: it resumes the same run (found
 * by name, head SHA and external id), or completes it as superseded when the head moved.
 * A run whose job is still waiting or running anywhere is left alone (same job id). Also
 * puts retryable dead letters back on the queue ("retry later", never "give up").
 * `scope` all: every repository of every installation (on start); active: those with
 * events within the window.
 */
export async function sweepOnce(deps: SweepDeps, scope: 'all' | 'active'): Promise<SweepReport> {
  const report: SweepReport = { repos: 0, pulls: 0, resumed: 0, redriven: 0, errors: 0 };
  const since = deps.now().getTime() - deps.windowMs;
  const repos = scope === 'all' ? await allRepositories(deps) : await deps.repos.since(since);
  for (const repo of repos) {
    report.repos++;
    try {
      await sweepRepository(deps, repo, since, report);
    } catch (error) {
      report.errors++;
      deps.log.warn({ repository: `${repo.owner}/${repo.repo}`, reason: describeError(error) }, 'sweep could not look at a repository');
    }
  }
  report.redriven = await deps.queue.redrive(24 * 3600 * 1000).catch(() => 0);
  return report;
}

async function allRepositories(deps: SweepDeps): Promise<ActiveRepo[]> {
  const app = await deps.appClient();
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  const repos: ActiveRepo[] = [];
  for (const installation of installations) {
    try {
      const github = await deps.githubFor(installation.id);
      const list = await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      for (const r of list) repos.push({ installationId: installation.id, owner: r.owner.login, repo: r.name, repoUrl: r.html_url });
    } catch (error) {
      deps.log.warn({ installation: installation.id, reason: describeError(error) }, 'sweep could not list an installation’s repositories');
    }
  }
  return repos;
}

async function sweepRepository(deps: SweepDeps, repo: ActiveRepo, since: number, report: SweepReport): Promise<void> {
  const github = await deps.githubFor(repo.installationId);
  const id = { owner: repo.owner, repo: repo.repo };
  for await (const page of github.paginate.iterator(github.rest.pulls.list, { ...id, state: 'open', sort: 'updated', direction: 'desc', per_page: 100 })) {
    for (const pull of page.data) {
      if (Date.parse(pull.updated_at) < since) return;
      report.pulls++;
      const runs = await listOwnCheckRuns(github, id, pull.head.sha);
      for (const run of runs) {
        const runKey = runKeyOf(run.externalId);
        if (run.status === 'completed' || runKey === undefined) continue;
        const fork = pull.head.repo?.id !== undefined && pull.base.repo.id !== pull.head.repo.id ? { fork: true } : {};
        const job: CheckJob = {
          kind: 'check',
          installationId: repo.installationId,
          target: { repo: id, repoUrl: repo.repoUrl, headSha: pull.head.sha, baseSha: pull.base.sha, pull: { number: pull.number, ...fork } },
          lane: pullLane(repo.owner, repo.repo, pull.number),
          runKey,
          supersedes: true,
          deliveryId: `sweep:${run.id}`,
          event: 'sweep',
        };
        if ((await deps.queue.add(job)) === 'added') {
          report.resumed++;
          deps.log.info({ repository: `${repo.owner}/${repo.repo}`, pr: pull.number, checkRunId: run.id, headSha: pull.head.sha }, 'unfinished check run found; its job is queued again');
        }
      }
    }
  }
}

export interface Sweeper {
  stop: () => void;
  /** Run one sweep now (tests, and the first sweep after start). */
  runNow: (scope: 'all' | 'active') => Promise<SweepReport>;
}

/** Sweep after `delayMs` (all installations), then every `intervalMs` (active repositories), one replica per turn. */
export function startSweeper(deps: SweepDeps, timing: { delayMs: number; intervalMs: number; turn: (intervalMs: number) => Promise<boolean> }): Sweeper {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let first = true;
  const runNow = (scope: 'all' | 'active'): Promise<SweepReport> => sweepOnce(deps, scope);
  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (await timing.turn(timing.intervalMs)) {
        const report = await runNow(first ? 'all' : 'active');
        deps.log.info({ ...report, scope: first ? 'all' : 'active' }, 'liveness sweep done');
      }
      first = false;
    } catch (error) {
      deps.log.warn({ reason: describeError(error) }, 'liveness sweep failed; it runs again at the next interval');
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), timing.intervalMs);
      timer.unref();
    }
  };
  if (timing.intervalMs > 0) {
    timer = setTimeout(() => void tick(), timing.delayMs);
    timer.unref();
  }
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    runNow,
  };
}
