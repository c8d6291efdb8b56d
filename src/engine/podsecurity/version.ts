import { err, ok, type Outcome } from '../../core/outcome.ts';
import { LATEST_MINOR } from './registry.ts';

/** Parse a podSecurity version: 'v1.N' or 'latest' (the default). Returns the policy minor version. */
export function parsePolicyVersion(version: string | undefined): Outcome<number> {
  if (version === undefined || version === '' || version === 'latest') return ok(LATEST_MINOR);
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(version);
  if (!match) return err(`invalid version "${version}": expected "latest" or "v1.N" (for example "v1.29")`);
  return ok(Number(match[1]));
}
