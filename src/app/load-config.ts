import { parseExtends } from '../config/extends.ts';
import { loadConfig } from '../config/load.ts';
import { CONFIG_PATH, parseConfigText } from '../config/parse.ts';
import type { ConfigProblem } from '../config/problems.ts';
import type { ConfigInput, PreadmitConfig } from '../config/types.ts';
import { resolveConfig } from '../config/merge.ts';
import type { GitHub, RepoId } from './github.ts';
import { readContent } from './tree-files.ts';

/** The repository's effective configuration, and what was wrong with its files (located). */
export interface RepoConfigLoad {
  config: PreadmitConfig;
  /** Problems of the files read; when there are any, the defaults are used instead. */
  problems: ConfigProblem[];
  /** Where the configuration came from ("acme/.github:.github/preadmit.yml"), when not the repository itself. */
  source?: string;
}

/**
 * Read `.github/preadmit.yml` the way Probot's config plugin does: the repository's file at
 * `ref` (the merge base, so a pull request cannot loosen its own check), else the file of
 * the organisation's `.github` repository (default branch); `_extends: repo`,
 * `owner/repo` or `owner/repo:path` merges that file under it (one level). Files are
 * validated against the schema of src/config; a bad file gives located problems and the
 * defaults. Network errors other than 404 are thrown (they are the check's errors).
 */
export async function loadRepoConfig(github: GitHub, repo: RepoId, ref: string): Promise<RepoConfigLoad> {
  let text = await readContent(github, repo, ref, CONFIG_PATH);
  let file = CONFIG_PATH;
  let source: string | undefined;
  if (text === undefined && repo.repo !== '.github') {
    text = await readContent(github, { owner: repo.owner, repo: '.github' }, undefined, CONFIG_PATH);
    file = source = `${repo.owner}/.github:${CONFIG_PATH}`;
  }
  const withSource = (load: Omit<RepoConfigLoad, 'source'>): RepoConfigLoad => (source === undefined ? load : { ...load, source });
  if (text === undefined) return { config: resolveConfig({}), problems: [] };
  const own = parseConfigText(text, file);
  if (!own.ok) return withSource({ config: resolveConfig({}), problems: own.problems });
  let base: ConfigInput | undefined;
  if (own.config._extends !== undefined) {
    const extended = await readExtends(github, own.config._extends, repo.owner, file, own.config.policies?.organisation);
    if (!extended.ok) return withSource({ config: resolveConfig({}), problems: extended.problems });
    base = extended.config;
  }
  const loaded = loadConfig({ text, file, ...(base === undefined ? {} : { base }) });
  return withSource(loaded.ok ? { config: loaded.config, problems: [] } : { config: resolveConfig({}), problems: loaded.problems });
}

/**
 * Which repositories `_extends` may name: the owner's `.github` repository, and the
 * organisation policy repository the configuration itself names (`policies.organisation`).
 * Any other repository of the installation is refused before it is read.
 */
export function mayExtend(target: { owner: string; repo: string }, owner: string, organisation: string | undefined): boolean {
  if (target.owner === owner && target.repo === '.github') return true;
  const named = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/.exec(organisation?.trim() ?? '');
  return named !== null && named[1] === target.owner && named[2] === target.repo;
}

async function readExtends(github: GitHub, value: string, owner: string, file: string, organisation: string | undefined): Promise<{ ok: true; config: ConfigInput } | { ok: false; problems: ConfigProblem[] }> {
  const at = { line: 1, column: 1 };
  const problem = (message: string): { ok: false; problems: ConfigProblem[] } => ({ ok: false, problems: [{ file, pointer: '/_extends', range: { start: at, end: at }, message }] });
  const target = parseExtends(value, owner);
  if (!target.ok) return problem(target.error);
  const { owner: targetOwner, repo: targetRepo, path } = target.value;
  if (!mayExtend(target.value, owner, organisation)) {
    return problem(`_extends may name only the ${owner}/.github repository or the organisation policy repository (policies.organisation); ${targetOwner}/${targetRepo} was not read.`);
  }
  const text = await readContent(github, { owner: targetOwner, repo: targetRepo }, undefined, path);
  if (text === undefined) return problem(`_extends: ${targetOwner}/${targetRepo}:${path} was not found (or the app is not installed there).`);
  const parsed = parseConfigText(text, `${targetOwner}/${targetRepo}:${path}`);
  if (parsed.ok) return { ok: true, config: parsed.config };
  // Nothing of another repository's file is quoted here (its keys and values may be private).
  const count = parsed.problems.length;
  return problem(`_extends: the configuration in ${targetOwner}/${targetRepo}:${path} is not valid (${count} problem${count === 1 ? '' : 's'}); fix it in that repository.`);
}
