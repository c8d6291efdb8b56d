import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueStats } from './queue/job.ts';

/** The app's Prometheus metrics, on a registry of their own (no global default registry). */
export interface AppMetrics {
  registry: Registry;
  events: Counter<'event' | 'action' | 'outcome'>;
  runs: Counter<'conclusion'>;
  runDuration: Histogram<'conclusion'>;
  findings: Counter<'classification' | 'layer' | 'severity'>;
  githubCalls: Counter<'method' | 'route' | 'status'>;
  /** Jobs run to their end (or handed back), by kind, result and this replica's role. */
  jobDuration: Histogram<'kind' | 'result' | 'role'>;
  jobsDropped: Counter<'reason'>;
  jobRetries: Counter<'kind' | 'role'>;
  deadLetters: Counter<'kind' | 'role'>;
  /** A check's rendering and evaluation in a worker thread, by result (done, stopped, memory, error). */
  workerTasks: Histogram<'result'>;
  /** Where the queue gauges read from (set once the queue exists). */
  queueSource: { role: string; stats?: () => Promise<QueueStats> };
}

export function createMetrics(options: { defaultMetrics?: boolean; role?: string } = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'preadmit_' });
  const queueSource: AppMetrics['queueSource'] = { role: options.role ?? 'all' };
  new Gauge({
    name: 'preadmit_queue_jobs',
    help: 'Jobs in the work queue by state (waiting, active, delayed, dead = the dead-letter queue), as this replica sees it.',
    labelNames: ['state', 'role'],
    registers: [registry],
    async collect() {
      if (!queueSource.stats) return;
      const stats = await queueSource.stats().catch(() => undefined);
      if (!stats) return;
      for (const state of ['waiting', 'active', 'delayed', 'dead'] as const) this.set({ state, role: queueSource.role }, stats[state]);
    },
  });
  return {
    queueSource,
    jobDuration: new Histogram({
      name: 'preadmit_job_duration_seconds',
      help: 'Time a replica spent on one job attempt, by kind (check, apply-fixes), result and role.',
      labelNames: ['kind', 'result', 'role'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    jobsDropped: new Counter({ name: 'preadmit_jobs_dropped_total', help: 'Jobs dropped before they started, by reason (superseded: not the pull request head any more).', labelNames: ['reason'], registers: [registry] }),
    jobRetries: new Counter({ name: 'preadmit_job_retries_total', help: 'Job attempts that failed and were retried with backoff.', labelNames: ['kind', 'role'], registers: [registry] }),
    deadLetters: new Counter({ name: 'preadmit_dead_letters_total', help: 'Jobs that exhausted their attempts and went to the dead-letter queue.', labelNames: ['kind', 'role'], registers: [registry] }),
    workerTasks: new Histogram({
      name: 'preadmit_worker_task_seconds',
      help: "A check's rendering and evaluation in a worker thread, by result (done; stopped: superseded, shut down or over its time limit; memory: over its memory limit; error).",
      labelNames: ['result'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    registry,
    events: new Counter({
      name: 'preadmit_webhook_events_total',
      help: 'Webhook deliveries handled, by event, action and outcome (queued, duplicate, ignored).',
      labelNames: ['event', 'action', 'outcome'],
      registers: [registry],
    }),
    runs: new Counter({ name: 'preadmit_check_runs_total', help: 'Check runs completed, by conclusion.', labelNames: ['conclusion'], registers: [registry] }),
    runDuration: new Histogram({
      name: 'preadmit_check_duration_seconds',
      help: 'Time from start to completion of a check run.',
      labelNames: ['conclusion'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    findings: new Counter({
      name: 'preadmit_findings_total',
      help: 'Findings reported, by classification (new, existing, fixed), layer and severity.',
      labelNames: ['classification', 'layer', 'severity'],
      registers: [registry],
    }),
    githubCalls: new Counter({
      name: 'preadmit_github_requests_total',
      help: 'GitHub REST requests made, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
  };
}
