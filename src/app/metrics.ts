import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The app's Prometheus metrics, on a registry of their own (no global default registry). */
export interface AppMetrics {
  registry: Registry;
  events: Counter<'event' | 'action' | 'outcome'>;
  runs: Counter<'conclusion'>;
  runDuration: Histogram<'conclusion'>;
  findings: Counter<'classification' | 'layer' | 'severity'>;
  githubCalls: Counter<'method' | 'route' | 'status'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'preadmit_' });
  return {
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
