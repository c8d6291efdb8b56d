import { delimiter, join } from 'node:path';
import { pino } from 'pino';
import { createOctokitClass } from '../../src/app/octokit.ts';
import { startAppServer } from '../../src/app/server.ts';
import { loadPolicyDirs } from '../../src/pipeline/load-policy-dirs.ts';

/**
 * One replica of the app for the load test: the real server (REDIS_URL, PREADMIT_* from the
 * environment) with the e2e fixture policies, GitHub retries quick. Prints its address.
 */
// LOAD_POLICY_DIRS (separated like PATH) replaces the e2e fixture policies.
const policyDirs = process.env['LOAD_POLICY_DIRS']?.split(delimiter) ?? [join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'app', 'policies')];
const policies = await loadPolicyDirs(policyDirs);
const server = await startAppServer({
  env: process.env,
  policies: policies.policies,
  policyDirs,
  port: 0,
  host: '127.0.0.1',
  log: pino({ level: process.env['LOG_LEVEL'] ?? 'warn' }),
  Octokit: createOctokitClass({ retryAfterBaseMs: 5, writeMinTimeMs: 0, requestTimeoutMs: 10_000 }),
});
// Like a readiness probe: traffic once the worker threads are warm.
await server.ready;
process.stdout.write(`listening on ${server.url}\n`);
process.once('SIGTERM', () => void server.shutdown(5_000).then(() => process.exit(0)));
