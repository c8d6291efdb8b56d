import { delimiter, resolve } from 'node:path';

/**
 * The policy folders the app loads: the built-in policies (unless PREADMIT_NO_BUILTIN=true)
 * and the folders in PREADMIT_POLICIES (separated like PATH).
 */
export function policyDirsFromEnv(env: NodeJS.ProcessEnv, builtin: string, cwd: string): string[] {
  const extra = (env['PREADMIT_POLICIES'] ?? '').split(delimiter).filter((d) => d.trim() !== '').map((d) => resolve(cwd, d));
  return [...(env['PREADMIT_NO_BUILTIN'] === 'true' ? [] : [builtin]), ...extra];
}
