import type { GitHub } from './github.ts';
import type { AppMetrics } from './metrics.ts';
import { routeTemplate } from './route-template.ts';

/** Count the client's GitHub requests in the metrics (by method, route template and status). */
export function instrumented(github: GitHub, metrics: AppMetrics): GitHub {
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
