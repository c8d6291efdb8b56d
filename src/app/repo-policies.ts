import { parseManifestText } from '../manifest/parse.ts';
import { layerFromPath } from '../pipeline/load-policy-dirs.ts';
import { loadPolicies } from '../policy/load.ts';
import type { Policy } from '../policy/types.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import { readFilesAtCommit, type TreeListings } from './tree-files.ts';
import type { Unchecked } from './unchecked.ts';
import { appendAll } from '../core/append-all.ts';

const POLICY_FILE = /\.(ya?ml|json)$/i;

/** Whether a repository path lies in one of the configured policy folders (or is one of the files). */
export function inPolicyPaths(path: string, roots: readonly string[]): boolean {
  if (!POLICY_FILE.test(path) || path.split('/').includes('.kyverno-test')) return false;
  return roots.some((root) => root === '' || path === root || path.startsWith(`${root}/`));
}

/** A policy file read from GitHub: what a worker thread loads the policies from (they travel as data). */
export interface PolicyText {
  path: string;
  text: string;
}

export interface RepoPolicies {
  policies: Policy[];
  /** The files the policies were loaded from (policiesFromTexts of them gives the same policies). */
  sources: PolicyText[];
  /** Policy files that could not be read: their policies are not enforced, so the check cannot pass. */
  unchecked: Unchecked[];
  /** Problems for the reviewer: a policy that did not load is not enforced, and says so. */
  notes: string[];
}

/** Policies from file texts (path -> text); other documents beside them are ignored. Pure. */
export function policiesFromTexts(files: ReadonlyMap<string, string>): RepoPolicies {
  const result: RepoPolicies = { policies: [], sources: [...files].map(([path, text]) => ({ path, text })), notes: [], unchecked: [] };
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const parsed = parseManifestText(path, text);
    for (const problem of parsed.problems) result.notes.push(`⚠️ Policy file ${path}:${problem.range.start.line} could not be read: ${problem.message}`);
    const docs = parsed.resources.map((r) => ({ object: r.object, file: path, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges }));
    const loaded = loadPolicies(docs, layerFromPath(path, 'security'));
    appendAll(result.policies, loaded.policies);
    for (const problem of loaded.problems) {
      const at = problem.position ? `\`${problem.file}:${problem.position.line}:${problem.position.column}\`` : `${problem.file} (document ${problem.documentIndex + 1})`;
      result.notes.push(`⚠️ Policy in ${at} was not loaded and is not enforced: ${problem.message}`);
    }
  }
  return result;
}

/** The Kyverno policies kept in the repository under `roots`, read at `ref` (the merge base); `noteWhenNone` says so when there are none. */
export async function loadRepoPolicies(github: GitHub, repo: RepoId, ref: string, roots: readonly string[], signal: AbortSignal, noteWhenNone = true, listings?: TreeListings): Promise<RepoPolicies> {
  if (roots.length === 0) return { policies: [], sources: [], notes: [], unchecked: [] };
  const files = await readFilesAtCommit(github, repo, ref, (path) => inPolicyPaths(path, roots), signal, listings);
  checkpoint(signal);
  const loaded = policiesFromTexts(files.contents);
  const notes = [...files.notes, ...loaded.notes];
  if (loaded.policies.length === 0 && noteWhenNone) notes.push(`⚠️ No policy was found under ${roots.map((r) => `\`${r}\``).join(', ')} at ${ref.slice(0, 7)}.`);
  const unchecked = files.unchecked.map((u) => ({ path: u.path, reason: `policy file ${u.reason}; its policies are not enforced` }));
  return { policies: loaded.policies, sources: loaded.sources, notes, unchecked };
}
