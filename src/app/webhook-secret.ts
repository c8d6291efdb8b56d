/** The variable that allows the app to start without a webhook secret (local development only). */
export const DEVELOPMENT_VARIABLE = 'PREADMIT_DEVELOPMENT';

/**
 * The webhook secret the app verifies deliveries with. Without WEBHOOK_SECRET (or with an
 * empty one) anyone could sign events with Probot's public development secret, so the app
 * refuses to start unless PREADMIT_DEVELOPMENT=true says this is a development setup.
 */
export function webhookSecret(env: Readonly<Record<string, string | undefined>>): { ok: true; secret: string; development: boolean } | { ok: false; error: string } {
  const secret = env['WEBHOOK_SECRET'] ?? '';
  const development = env[DEVELOPMENT_VARIABLE] === 'true';
  if (secret.trim() !== '') return { ok: true, secret, development };
  if (development) return { ok: true, secret: 'development', development };
  return {
    ok: false,
    error: `WEBHOOK_SECRET is not set: preadmit refuses to start, since anyone could then send it forged events. Set WEBHOOK_SECRET to the GitHub App's webhook secret (or ${DEVELOPMENT_VARIABLE}=true for local development only).`,
  };
}
