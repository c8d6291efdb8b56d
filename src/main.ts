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
 * GHE_PROTOCOL) plus PREADMIT_POLICIES / PREADMIT_NO_BUILTIN; logs are JSON lines (pino).
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
  const server = await startAppServer({
    env,
    policies: policySet.policies,
    port: Number(env['PORT'] ?? 3000),
    host: env['HOST'] ?? '0.0.0.0',
    log,
    Octokit: createOctokitClass(),
    defaultMetrics: true,
  });
  const stop = (): void => {
    log.info('stopping: finishing queued checks');
    void server.idle().then(server.close).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main(process.env);
