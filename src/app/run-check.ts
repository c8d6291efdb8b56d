import type { Logger } from 'probot';
import type { Policy } from '../policy/types.ts';
import { buildCheckOutput } from './check-output.ts';
import { abandonCheckRun, ensureCheckRun, externalIdFor } from './check-run.ts';
import { completeCheckRun } from './check-run.ts';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import type { PreadmitConfig } from '../config/types.ts';
import { blockingRule } from './blocking.ts';
import { configFinding } from './config-findings.ts';
import { policyFileFinding } from './policy-findings.ts';
import { exceptionFindings } from './pr-exceptions.ts';
import type { evaluateChange } from './evaluate-change.ts';
import type { Offload } from './evaluate-offload.ts';
import { checkpoint, describeError, Interrupted, LimitExceeded, Superseded, type GitHub } from './github.ts';
import { isRetryable } from './queue/retryable.ts';
import type { AppMetrics } from './metrics.ts';
export type { CheckTarget } from './read-change.ts';
import { listComments, resolveGoneComments, reviewNewFindings } from './review.ts';
import { readChange, type CheckTarget } from './read-change.ts';
import { evaluateTarget as evaluateChangeOf } from './evaluate-target.ts';
import { appendAll } from '../core/append-all.ts';

export interface CheckDeps {
  github: GitHub;
  policies: readonly Policy[];
  log: Logger;
  metrics: AppMetrics;
  now: () => Date;
  /** The evaluation (evaluateChange; replaceable in tests). */
  evaluate: typeof evaluateChange;
  /** Run rendering and evaluation in worker threads (then `evaluate` is not used). */
  offload?: Offload;
  /** Resolve any pending word of a newer head before publishing (then the checkpoint stops a superseded run). */
  settle?: () => Promise<void>;
}

export type CheckRunOutcome = 'success' | 'failure' | 'neutral' | 'cancelled' | 'not-created' | 'already-done';

export interface RunOptions {
  /** The run's external id: with the name and head SHA it identifies the run across attempts and replicas. */
  externalId: string;
  /** This attempt and the most the queue makes; an attempt that fails retryably before the last leaves the run in progress. */
  attempt: { number: number; max: number };
}

/** The job failed for good; its check run was completed with the error conclusion (the queue dead-letters it). */
export class CheckAbandoned extends Error {
  readonly conclusion: 'failure' | 'neutral';
  constructor(conclusion: 'failure' | 'neutral', reason: string, cause: unknown) {
    super(`check run completed as ${conclusion}: ${reason}`, { cause });
    this.conclusion = conclusion;
  }
}

const SINGLE_ATTEMPT: RunOptions = { externalId: externalIdFor('push'), attempt: { number: 1, max: 1 } };

/**
 * The whole pipeline for one head SHA: find or create the `preadmit` check run, read the
 * changed manifests at the base and head SHAs, evaluate, classify, post one review, publish
 * the check run. The run always completes: superseded -> cancelled, internal error (on the
 * last attempt, or one not worth retrying) -> failure (or neutral with failurePolicy: ignore).
 * A retryable error before the last attempt, or a shutdown, is thrown with the run left in
 * progress for the next attempt, which finds the same run by its external id.
 */
export async function runCheck(target: CheckTarget, deps: CheckDeps, signal: AbortSignal, options: RunOptions = SINGLE_ATTEMPT): Promise<CheckRunOutcome> {
  const { github, log, repo } = { ...deps, repo: target.repo };
  const started = deps.now();
  // Superseded while waiting in the queue: no run was created, nothing to complete.
  if (signal.aborted) return 'not-created';
  const ensured = await ensureCheckRun(github, repo, target.headSha, options.externalId, started);
  if (ensured.state === 'completed') {
    log.info({ checkRunId: ensured.id, headSha: target.headSha }, 'check run already completed; nothing to do');
    return 'already-done';
  }
  const checkRunId = ensured.id;
  if (ensured.state === 'resumed') log.info({ checkRunId, attempt: options.attempt.number }, 'resuming the unfinished check run');
  let config: PreadmitConfig = DEFAULT_CONFIG;
  const finish = (conclusion: CheckRunOutcome): CheckRunOutcome => {
    const seconds = (deps.now().getTime() - started.getTime()) / 1000;
    deps.metrics.runs.inc({ conclusion });
    deps.metrics.runDuration.observe({ conclusion }, seconds);
    log.info({ checkRunId, conclusion, seconds, headSha: target.headSha }, 'check run completed');
    return conclusion;
  };
  try {
    const result = await evaluateTarget(target, deps, checkRunId, signal, (c) => (config = c));
    return finish(result);
  } catch (error) {
    if (error instanceof Superseded) {
      await abandonCheckRun(github, repo, checkRunId, 'cancelled', `Superseded by ${error.by.slice(0, 7)}`, `A newer commit (${error.by}) was pushed; this run was stopped and the newer commit is checked instead.`, deps.now());
      return finish('cancelled');
    }
    const reason = describeError(error);
    const { number, max } = options.attempt;
    if (error instanceof Interrupted) {
      await noteProgress(deps, target, checkRunId, 'Interrupted; the check resumes shortly', 'The replica running this check is shutting down; another one (or this one after its restart) resumes it on this run.');
      throw error;
    }
    if (!(error instanceof LimitExceeded) && isRetryable(error) && number < max) {
      log.warn({ err: error, checkRunId, attempt: number, attempts: max }, 'check attempt failed; it will be retried');
      await noteProgress(deps, target, checkRunId, `Retrying (attempt ${number} of ${max} failed)`, `Attempt ${number} of ${max} failed and will be retried:\n\n\`\`\`\n${reason}\n\`\`\``);
      throw error;
    }
    log.error({ err: error, checkRunId, attempt: number }, 'check failed');
    const conclusion = config.failurePolicy === 'ignore' ? 'neutral' : 'failure';
    const policyNote =
      conclusion === 'failure'
        ? 'The check fails closed (failurePolicy: fail). Re-run it from the Checks tab; set `failurePolicy: ignore` in .github/preadmit.yml to make errors neutral.'
        : 'failurePolicy is ignore, so this error does not block the pull request.';
    const title = error instanceof LimitExceeded ? `preadmit stopped: over its ${error.limit} limit` : 'preadmit could not finish';
    const attempts = max > 1 ? ` (after ${number} attempt${number === 1 ? '' : 's'})` : '';
    await abandonCheckRun(github, repo, checkRunId, conclusion, title, `preadmit hit an error and could not evaluate this commit${attempts}:\n\n\`\`\`\n${reason}\n\`\`\`\n\n${policyNote}`, deps.now());
    finish(conclusion);
    throw new CheckAbandoned(conclusion, reason, error);
  }
}

/** Say on the unfinished run what is happening (best effort: the run stays in progress either way). */
async function noteProgress(deps: CheckDeps, target: CheckTarget, checkRunId: number, title: string, summary: string): Promise<void> {
  await deps.github.rest.checks.update({ ...target.repo, check_run_id: checkRunId, status: 'in_progress', output: { title, summary } }).catch((error: unknown) => {
    deps.log.warn({ err: error, checkRunId }, 'could not update the check run');
  });
}

async function evaluateTarget(target: CheckTarget, deps: CheckDeps, checkRunId: number, signal: AbortSignal, setConfig: (c: PreadmitConfig) => void): Promise<CheckRunOutcome> {
  const { github, repo } = { github: deps.github, repo: target.repo };
  const t0 = Date.now();
  const change = await readChange(github, target, signal, setConfig);
  const { config, manifests, notes, mergeBase } = change;
  const t1 = Date.now();
  const evaluated = await evaluateChangeOf(github, target, change, deps.policies, deps.evaluate, signal, deps.offload);
  const { evaluation, policies } = evaluated;
  appendAll(notes, evaluated.notes);
  const t2 = Date.now();
  checkpoint(signal);
  const { classified } = evaluation;
  // these problems first, without spreading into unshift
  const later = classified.new.splice(0);
  appendAll(classified.new, [...change.headConfigProblems.map(configFinding), ...change.headPolicyProblems.map(policyFileFinding), ...exceptionFindings(change.manifests, change.head, change.base)]);
  appendAll(classified.new, later);
  appendAll(notes, (evaluation.fixProblems ?? []).map((p) => `A fix could not be offered: ${p}`));
  const blocks = blockingRule(config);
  for (const [kind, list] of Object.entries(classified)) {
    for (const f of list) deps.metrics.findings.inc({ classification: kind, layer: f.layer, severity: f.severity });
  }

  await deps.settle?.();
  checkpoint(signal);
  if (target.pull && config.reviewComments) {
    const existing = await listComments(github, repo, target.pull.number);
    if (config.maxReviewComments > 0 && classified.new.length > 0) {
      const review = { pullNumber: target.pull.number, headSha: target.headSha, files: change.changed, headLines: evaluation.headLines, maxComments: config.maxReviewComments, blocks };
      appendAll(notes, (await reviewNewFindings(github, repo, review, classified.new, existing, deps.log, signal)));
    }
    appendAll(notes, (await resolveGoneComments(github, repo, existing, target.headSha, [...classified.new, ...classified.existing])));
  }
  await deps.settle?.();
  checkpoint(signal);
  const output = buildCheckOutput({
    classified,
    repoUrl: target.repoUrl,
    headSha: target.headSha,
    baseSha: mergeBase,
    notes,
    stats: { files: evaluation.stats.files, resources: evaluation.stats.resources, policies: policies.length },
    warningsConclusion: config.warningsConclusion,
    blocks,
    unchecked: [...change.unchecked, ...(evaluated.unchecked ?? [])],
    failurePolicy: config.failurePolicy,
    ...(evaluated.text === undefined ? {} : { text: evaluated.text }),
  });
  await completeCheckRun(github, repo, checkRunId, output, deps.now, target.pull !== undefined && target.pull.fork !== true && output.fixable > 0);
  deps.log.info(
    { checkRunId, files: manifests.length, new: classified.new.length, existing: classified.existing.length, fixed: classified.fixed.length, readMs: t1 - t0, evaluateMs: t2 - t1 },
    'check evaluated',
  );
  return output.conclusion;
}
