import { CONFIG_PATH, parseConfigText } from '../config/parse.ts';
import type { ConfigProblem } from '../config/problems.ts';
import { configVariables } from '../config/policy-variables.ts';
import type { PreadmitConfig } from '../config/types.ts';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import type { JsonValue } from '../core/json.ts';
import type { Policy } from '../policy/types.ts';
import { matchesAny } from '../render/roots/root-filter.ts';
import { compareCommits, listPullRequestFiles, type ChangedFile, type ChangedFiles } from './changed-files.ts';
import { configProblemNote } from './config-findings.ts';
import { basePath, manifestChanges } from './evaluate-change.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import { loadRepoConfig } from './load-config.ts';
import { inPolicyPaths, loadRepoPolicies, type PolicyText } from './repo-policies.ts';
import { readContent, treeListings, type TreeListings } from './tree-files.ts';
import { loadOrganisationPolicies } from './organisation-policies.ts';
import { readFilesAtCommits } from './read-files.ts';
import { policyFileProblems, type PolicyFileProblem } from './policy-findings.ts';
import type { Unchecked } from './unchecked.ts';
import { appendAll } from '../core/append-all.ts';

/** What to check: a pull request's head against its base, or a merge group's commit. */
export interface CheckTarget {
  repo: RepoId;
  /** repository.html_url, for links in the summary. */
  repoUrl: string;
  headSha: string;
  baseSha: string;
  /** fork: the head branch lives in another repository, where the app cannot commit fixes. */
  pull?: { number: number; changedFiles?: number; fork?: boolean };
}

/** The changed manifests of a target, read at the merge base and at the head. */
export interface ChangeContents {
  mergeBase: string;
  /** Every changed file the pull request lists (with its diff), for review comments. */
  changed: ChangedFile[];
  manifests: ChangedFile[];
  head: Map<string, string>;
  base: Map<string, string>;
  /** From `.github/preadmit.yml` at the merge base (the PR cannot loosen its own check), with `_extends`. */
  config: PreadmitConfig;
  /** Problems of the configuration in force (the defaults were used instead). */
  configProblems: ConfigProblem[];
  /** Problems of the configuration file as this change leaves it (when it changes it). */
  headConfigProblems: ConfigProblem[];
  /** Mistakes in the policy files this change edits in the repository's policy folders, as it leaves them. */
  headPolicyProblems: PolicyFileProblem[];
  /** The policies kept in the repository (config `policies.paths`), read at the merge base. */
  repoPolicies: Policy[];
  /** The files repoPolicies were loaded from: the organisation's, then the repository's (for a worker thread). */
  policySources: PolicyText[][];
  notes: string[];
  /** What could not be checked (the conclusion is then at best neutral with failurePolicy: ignore, else failure). */
  unchecked: Unchecked[];
  /** The run's tree listings (each commit listed at most once). */
  listings: TreeListings;
}

/** The policies a change is judged by: the app's (unless the config drops them) and the repository's. */
export function policiesFor(change: ChangeContents, appPolicies: readonly Policy[]): Policy[] {
  return [...(change.config.policies.builtin ? appPolicies : []), ...change.repoPolicies];
}

/** The variables the built-in policies read (fix defaults, CA bundle, allowed registries). */
export function variablesFor(change: ChangeContents): Record<string, JsonValue> {
  return configVariables(change.config);
}

/** Repository-relative policy folders, normalised ('./a/' -> 'a', '.' -> ''). */
export function policyRoots(config: PreadmitConfig): string[] {
  return config.policies.paths.map((p) => p.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, ''));
}

/**
 * Changed manifests the configuration lets through: not in a policy folder, inside
 * roots.include/exclude. A policy folder that is the repository root (`policies.paths: ["."]`)
 * leaves every manifest checked: the policies are read from it, but it cannot turn the whole
 * repository into "policy files" that nothing checks.
 */
export function selectManifests(files: readonly ChangedFile[], config: PreadmitConfig): ChangedFile[] {
  const roots = policyRoots(config).filter((root) => root !== '');
  return files.filter((f) => !inPolicyPaths(f.filename, roots) && matchesAny(f.filename, config.roots.include) && !matchesAny(f.filename, config.roots.exclude));
}

/**
 * Read what a check needs: the changed files (pull request list, or compare for a merge
 * group), the config at the merge base, and the changed manifests at the merge base and
 * at the head at those exact SHAs. `onConfig` hears the config as soon as it is read.
 */
export async function readChange(github: GitHub, target: CheckTarget, signal: AbortSignal, onConfig: (config: PreadmitConfig) => void = () => {}): Promise<ChangeContents> {
  const { repo } = target;
  const listings = treeListings(github, repo);
  const compared = await compareCommits(github, repo, target.baseSha, target.headSha);
  checkpoint(signal);
  const changed: ChangedFiles = target.pull ? await listPullRequestFiles(github, repo, target.pull.number, target.pull.changedFiles, signal) : compared.files;
  checkpoint(signal);
  const loaded = await loadRepoConfig(github, repo, compared.mergeBase);
  const config = loaded.config;
  const notes: string[] = [];
  const unchecked: Unchecked[] = [];
  if (changed.note) unchecked.push({ path: 'changed files beyond GitHub’s listing', reason: changed.note });
  if (loaded.problems.length > 0) appendAll(notes, [...loaded.problems.map(configProblemNote), 'The configuration above is invalid, so the defaults were used.']);
  // Known before the head is read, so an error reading it follows the repository's failurePolicy.
  onConfig(config);
  checkpoint(signal);
  const configChange = changed.files.find((f) => f.filename === CONFIG_PATH && f.status !== 'removed');
  const headConfigText = configChange ? await readContent(github, repo, target.headSha, CONFIG_PATH) : undefined;
  const headConfig = headConfigText === undefined ? undefined : parseConfigText(headConfigText);
  const selected = manifestChanges(selectManifests(changed.files, config));
  const manifests = selected.files;
  if (selected.note) unchecked.push({ path: 'changed manifests beyond the limit', reason: selected.note });
  const roots = policyRoots(config);
  const explicitPaths = JSON.stringify(config.policies.paths) !== JSON.stringify(DEFAULT_CONFIG.policies.paths);
  const repoPolicies = await loadRepoPolicies(github, repo, compared.mergeBase, roots, signal, explicitPaths || !config.policies.builtin, listings);
  appendAll(unchecked, repoPolicies.unchecked);
  const repoNotesAt = notes.length;
  const organisation = config.policies.organisation !== undefined ? await loadOrganisationPolicies(github, config.policies.organisation, signal) : { policies: [], sources: [], notes: [], unchecked: [] };
  appendAll(notes, organisation.notes);
  appendAll(unchecked, organisation.unchecked);
  checkpoint(signal);
  const basePaths = new Set(manifests.map(basePath).filter((p): p is string => p !== undefined));
  const policyEdits = new Set(roots.length === 0 ? [] : changed.files.filter((f) => f.status !== 'removed' && inPolicyPaths(f.filename, roots)).map((f) => f.filename));
  const files = await readFilesAtCommits(github, repo, [
    { sha: compared.mergeBase, paths: basePaths },
    { sha: target.headSha, paths: new Set(manifests.map((f) => f.filename)) },
    { sha: target.headSha, paths: policyEdits },
  ], signal, listings);
  const [baseFiles, headFiles, headPolicyFiles] = files;
  appendAll(notes, files.flatMap((f) => f.notes));
  const headPolicyProblems = policyFileProblems(headPolicyFiles?.contents ?? new Map());
  // a mistake the change keeps in a file it edits is its finding; the base's note would say it twice
  const reported = new Set(headPolicyProblems.map((p) => p.file));
  notes.splice(repoNotesAt, 0, ...repoPolicies.notes.filter((n) => ![...reported].some((file) => n.includes(`\`${file}:`))));
  // What the head holds and could not be read is unchecked; the base side only loses its comparison.
  appendAll(unchecked, (headFiles?.unchecked ?? []));
  for (const u of baseFiles?.unchecked ?? []) notes.push(`The base version of ${u.path} could not be read (it ${u.reason}); its findings count as new.`);
  return {
    mergeBase: compared.mergeBase,
    changed: changed.files,
    manifests,
    head: headFiles?.contents ?? new Map(),
    base: baseFiles?.contents ?? new Map(),
    config,
    configProblems: loaded.problems,
    headConfigProblems: headConfig && !headConfig.ok ? headConfig.problems : [],
    headPolicyProblems,
    repoPolicies: [...organisation.policies, ...repoPolicies.policies],
    policySources: [organisation.sources, repoPolicies.sources],
    notes,
    unchecked,
    listings,
  };
}
