import { compareCommits, listPullRequestFiles, type ChangedFile, type ChangedFiles } from './changed-files.ts';
import { DEFAULT_CONFIG, type RepoConfig } from './config.ts';
import { loadRepoConfig } from './load-config.ts';
import { loadRepoPolicies } from './repo-policies.ts';
import type { Policy } from '../policy/types.ts';
import { basePath, manifestChanges } from './evaluate-change.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import { readFilesAtCommit } from './tree-files.ts';

/** What to check: a pull request's head against its base, or a merge group's commit. */
export interface CheckTarget {
  repo: RepoId;
  /** repository.html_url, for links in the summary. */
  repoUrl: string;
  headSha: string;
  baseSha: string;
  pull?: { number: number; changedFiles?: number };
}

/** The changed manifests of a target, read at the merge base and at the head. */
export interface ChangeContents {
  mergeBase: string;
  manifests: ChangedFile[];
  head: Map<string, string>;
  base: Map<string, string>;
  /** From `.github/preadmit.yml` at the merge base (the PR cannot loosen its own check), with `_extends`. */
  config: RepoConfig;
  /** The policies kept in the repository (config `policies`), read at the merge base. */
  repoPolicies: Policy[];
  notes: string[];
}

/** The policies a change is judged by: the app's (unless the config drops them) and the repository's. */
export function policiesFor(change: ChangeContents, appPolicies: readonly Policy[]): Policy[] {
  return [...(change.config.builtinPolicies ? appPolicies : []), ...change.repoPolicies];
}

/**
 * Read what a check needs: the changed files (pull request list, or compare for a merge
 * group), the config at the merge base, and the changed manifests at the merge base and
 * at the head, through git trees and blobs at those exact SHAs. `onConfig` hears the config
 * as soon as it is read.
 */
export async function readChange(github: GitHub, target: CheckTarget, signal: AbortSignal, onConfig: (config: RepoConfig) => void = () => {}): Promise<ChangeContents> {
  const { repo } = target;
  const compared = await compareCommits(github, repo, target.baseSha, target.headSha);
  checkpoint(signal);
  const changed: ChangedFiles = target.pull ? await listPullRequestFiles(github, repo, target.pull.number, target.pull.changedFiles, signal) : compared.files;
  checkpoint(signal);
  const selected = manifestChanges(changed.files);
  const manifests = selected.files;
  const notes = [...(changed.note ? [changed.note] : []), ...(selected.note ? [selected.note] : [])];
  const parsedConfig = await loadRepoConfig(github, repo, compared.mergeBase);
  if (!parsedConfig.ok) notes.push(`${parsedConfig.error} — the defaults were used.`);
  const config = parsedConfig.ok ? parsedConfig.value : DEFAULT_CONFIG;
  // Known before the head is read, so an error reading it follows the repository's failurePolicy.
  onConfig(config);
  checkpoint(signal);
  const repoPolicies = await loadRepoPolicies(github, repo, compared.mergeBase, config.policies, signal);
  notes.push(...repoPolicies.notes);
  checkpoint(signal);
  const basePaths = new Set(manifests.map(basePath).filter((p): p is string => p !== undefined));
  const baseFiles = await readFilesAtCommit(github, repo, compared.mergeBase, basePaths, signal);
  checkpoint(signal);
  const headFiles = await readFilesAtCommit(github, repo, target.headSha, new Set(manifests.map((f) => f.filename)), signal);
  notes.push(...baseFiles.notes, ...headFiles.notes);
  return {
    mergeBase: compared.mergeBase,
    manifests,
    head: headFiles.contents,
    base: baseFiles.contents,
    config,
    repoPolicies: repoPolicies.policies,
    notes,
  };
}
