import { err, type Outcome } from '../core/outcome.ts';
import { CONFIG_PATH, validateRepoConfig, type RepoConfig } from './config.ts';
import type { GitHub, RepoId } from './github.ts';

/**
 * The repository's config as Probot reads it (@probot/octokit-plugin-config): the file at
 * `ref` (the merge base, so a pull request cannot loosen its own check), else the
 * organisation's `.github` repository; `_extends: other-repo` or `owner/repo:path` merges a
 * shared config under it. A missing file gives the defaults.
 */
export async function loadRepoConfig(github: GitHub, repo: RepoId, ref: string): Promise<Outcome<RepoConfig>> {
  let merged: Record<string, unknown>;
  try {
    merged = (await github.config.get({ ...repo, path: CONFIG_PATH, branch: ref })).config;
  } catch (error) {
    const status = (error as { status?: number }).status;
    // Server errors are the check's errors (retried, then failurePolicy); bad files are notes.
    if (typeof status === 'number' && status >= 500) throw error;
    return err(`${CONFIG_PATH} could not be read: ${(error as Error).message}`);
  }
  return validateRepoConfig(merged);
}
