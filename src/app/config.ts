import { parse } from 'yaml';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { isObject } from '../core/json.ts';

/** Repository settings, from `.github/preadmit.yml` on the base branch. */
export interface RepoConfig {
  /** What an internal error does to the check run: fail (default) or ignore (neutral). */
  failurePolicy: 'fail' | 'ignore';
  /** At most this many inline comments per push (default 20). */
  maxReviewComments: number;
  /** Post inline review comments at all (default true). */
  reviewComments: boolean;
  /** Conclusion when only non-blocking findings are introduced (default neutral). */
  warningsConclusion: 'neutral' | 'success';
  /** Folders or files of this repository holding Kyverno policies, read at the merge base (default none). */
  policies: string[];
  /** Also apply preadmit's built-in policies (default true). */
  builtinPolicies: boolean;
}

export const CONFIG_PATH = '.github/preadmit.yml';

export const DEFAULT_CONFIG: RepoConfig = {
  failurePolicy: 'fail',
  maxReviewComments: 20,
  reviewComments: true,
  warningsConclusion: 'neutral',
  policies: [],
  builtinPolicies: true,
};

/** Parse the config file; unknown keys are ignored, wrong values are errors. */
export function parseRepoConfig(text: string | undefined): Outcome<RepoConfig> {
  if (text === undefined || text.trim() === '') return ok(DEFAULT_CONFIG);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return err(`${CONFIG_PATH} is not valid YAML: ${(error as Error).message}`);
  }
  if (doc === null || doc === undefined) return ok(DEFAULT_CONFIG);
  return validateRepoConfig(doc);
}

/** Check a config object (already parsed, e.g. merged from `_extends`); unknown keys are ignored. */
export function validateRepoConfig(doc: unknown): Outcome<RepoConfig> {
  if (!isObject(doc)) return err(`${CONFIG_PATH} must be a mapping`);
  const raw: Record<string, unknown> = doc;
  const config: RepoConfig = { ...DEFAULT_CONFIG };
  if (raw['failurePolicy'] !== undefined) {
    if (raw['failurePolicy'] !== 'fail' && raw['failurePolicy'] !== 'ignore') return err(`${CONFIG_PATH}: failurePolicy must be fail or ignore`);
    config.failurePolicy = raw['failurePolicy'];
  }
  if (raw['maxReviewComments'] !== undefined) {
    const n = raw['maxReviewComments'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) return err(`${CONFIG_PATH}: maxReviewComments must be an integer from 0 to 100`);
    config.maxReviewComments = n;
  }
  if (raw['reviewComments'] !== undefined) {
    if (typeof raw['reviewComments'] !== 'boolean') return err(`${CONFIG_PATH}: reviewComments must be true or false`);
    config.reviewComments = raw['reviewComments'];
  }
  if (raw['warningsConclusion'] !== undefined) {
    const w = raw['warningsConclusion'];
    if (w !== 'neutral' && w !== 'success') return err(`${CONFIG_PATH}: warningsConclusion must be neutral or success`);
    config.warningsConclusion = w;
  }
  if (raw['policies'] !== undefined) {
    const list = raw['policies'];
    if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p.trim() !== '')) return err(`${CONFIG_PATH}: policies must be a list of repository paths`);
    config.policies = list.map((p: string) => p.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, ''));
  }
  if (raw['builtinPolicies'] !== undefined) {
    if (typeof raw['builtinPolicies'] !== 'boolean') return err(`${CONFIG_PATH}: builtinPolicies must be true or false`);
    config.builtinPolicies = raw['builtinPolicies'];
  }
  if (!config.builtinPolicies && config.policies.length === 0) return err(`${CONFIG_PATH}: builtinPolicies is false but no policies folder is given`);
  return ok(config);
}
