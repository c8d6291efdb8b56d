import { err, ok } from '../core/outcome.ts';
import type { Outcome } from '../core/outcome.ts';
import { CONFIG_PATH } from './parse.ts';

/** Where an `_extends` value points: a file in another repository. */
export interface ExtendsTarget {
  owner: string;
  repo: string;
  path: string;
}

/**
 * Read `_extends`: "repo" (same owner as the repository being checked), "owner/repo", or
 * either followed by ":path/to/file.yml"; the path defaults to .github/preadmit.yml.
 */
export function parseExtends(value: string, currentOwner: string): Outcome<ExtendsTarget> {
  const match = /^(?:([A-Za-z0-9_.-]+)\/)?([A-Za-z0-9_.-]+)(?::([^:]+))?$/.exec(value.trim());
  if (!match) return err(`_extends "${value}" is not "repo", "owner/repo" or "owner/repo:path".`);
  const [, owner, repo, path] = match;
  if (repo === undefined) return err(`_extends "${value}" names no repository.`);
  return ok({ owner: owner ?? currentOwner, repo, path: path?.replace(/^\/+/, '') ?? CONFIG_PATH });
}
