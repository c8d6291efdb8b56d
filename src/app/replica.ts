import type { ServerResponse } from 'node:http';
import type { Logger } from 'probot';
import { ensureCheckRun, externalIdFor } from './check-run.ts';
import type { DrainGate } from './drain.ts';
import type { GitHub } from './github.ts';
import type { CheckJob } from './queue/job.ts';
import type { Runtime } from './queue/runtime.ts';
import type { Role } from './queue/settings.ts';

/**
 * /healthz: the embedded replica answers as it always has ({status, busyPullRequests}); a
 * replica on Redis adds its role and the shared queue's counts; a draining one answers 503.
 */
export async function answerHealth(res: ServerResponse, runtime: Runtime, role: Role, gate: DrainGate): Promise<void> {
  const status = gate.draining ? 'draining' : 'ok';
  const code = gate.draining ? 503 : 200;
  if (runtime.mode === 'embedded') {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify({ status, busyPullRequests: runtime.busyLanes() }));
    return;
  }
  const queue = await runtime.queue.stats().catch(() => undefined);
  res.writeHead(queue ? code : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: queue ? status : 'redis-unreachable', role, queue }));
}

/**
 * An embedded replica's job that could not start before the shutdown grace ran out: its
 * check run is created (or found) and left in progress, so the next start's sweep resumes it.
 */
export async function leaveForRestart(job: CheckJob, githubFor: (installationId: number) => Promise<GitHub>, now: () => Date, log: Logger): Promise<void> {
  if (job.kind !== 'check' || !job.target.pull) return;
  const github = await githubFor(job.installationId);
  const run = await ensureCheckRun(github, job.target.repo, job.target.headSha, externalIdFor(job.runKey), now());
  if (run.state === 'completed') return;
  await github.rest.checks.update({ ...job.target.repo, check_run_id: run.id, status: 'in_progress', output: { title: 'Queued; resumes after a restart', summary: 'preadmit was shutting down before it could start this check; it resumes when the app is back.' } });
  log.info({ checkRunId: run.id, headSha: job.target.headSha }, 'check left for the next start');
}
