import { run } from 'probot';
import { pino } from 'pino';
import { BUILTIN_POLICIES } from './cli/check-command.ts';
import { createOctokitClass } from './app/octokit.ts';
import { policyDirsFromEnv } from './app/policy-dirs.ts';
import { startAppServer } from './app/server.ts';
import { loadPolicyDirs } from './pipeline/load-policy-dirs.ts';

/**
 * Probot entry. Reads Probot's standard environment (APP_ID, PRIVATE_KEY or
 * PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, PORT, HOST, LOG_LEVEL, GHE_HOST,
 * GHE_PROTOCOL, REDIS_URL) plus PREADMIT_POLICIES / PREADMIT_NO_BUILTIN and the queue's settings
 * (PREADMIT_ROLE, …; README "Deployment"); logs are JSON lines (pino).
 * Without credentials, Probot's setup flow registers the app from app.yml.
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const hasKey = Boolean(env['PRIVATE_KEY'] || env['PRIVATE_KEY_PATH']);
  if (!env['APP_ID'] || !hasKey) {
    await run(() => {});
    return;
  }
  const log = pino({ level: env['LOG_LEVEL'] ?? 'info', base: { service: 'preadmit', pid: process.pid } });
  const dirs = policyDirsFromEnv(env, BUILTIN_POLICIES, process.cwd());
  const policySet = await loadPolicyDirs(dirs);
  for (const problem of policySet.problems) log.warn({ file: problem.file }, `policy not loaded: ${problem.message}`);
  if (policySet.policies.length === 0) {
    log.fatal({ dirs }, 'no policies loaded');
    process.exitCode = 1;
    return;
  }
  log.info({ dirs, policies: policySet.policies.length }, 'policies loaded');
  const timeout = Number(env['PREADMIT_GITHUB_TIMEOUT_MS'] ?? 30_000);
  const server = await startAppServer({
    env,
    policies: policySet.policies,
    policyDirs: dirs,
    port: Number(env['PORT'] ?? 3000),
    host: env['HOST'] ?? '0.0.0.0',
    log,
    Octokit: createOctokitClass(Number.isFinite(timeout) && timeout > 0 ? { requestTimeoutMs: timeout } : {}),
    defaultMetrics: true,
  }).catch((error: unknown) => {
    log.fatal({ reason: error instanceof Error ? error.message : String(error) }, 'preadmit could not start');
    process.exit(1);
  });
  void server.ready.then(() => log.info('worker threads ready: code and policies loaded'));
  const stop = (): void => {
    log.info({ graceSeconds: server.settings.graceMs / 1000 }, 'stopping: new deliveries get 503; finishing or handing back the checks held');
    // Past the grace period and the hand-back, exit whatever a hung request still holds.
    setTimeout(() => process.exit(0), server.settings.graceMs + 10_000).unref();
    void server.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main(process.env);
