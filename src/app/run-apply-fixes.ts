import type { Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import { commitFixes } from './commit-fixes.ts';
import { planFixes } from './fix-plan.ts';
import { permitApplyFixes } from './apply-fixes-guard.ts';
import { checkpoint, describeError, Superseded, type GitHub } from './github.ts';
import { readFilesAtCommits } from './read-files.ts';
import { evaluateTarget } from './evaluate-target.ts';
import { readChange, type ChangeContents, type CheckTarget } from './read-change.ts';
import type { CheckDeps } from './run-check.ts';

export type ApplyOutcome =
  | { outcome: 'committed' | 'nothing-to-apply' | 'failed' | 'cancelled' | 'refused' }
  /** The branch is no longer at the check run's commit: check its head again. */
  | { outcome: 'moved'; headSha: string; baseSha: string };

export interface ApplyTarget extends CheckTarget {
  pull: { number: number };
  /** Who asked (payload sender.login): must have write access. */
  sender: string | undefined;
  defaultBranch: string | undefined;
}

/**
 * "Apply fixes": when permitted (permitApplyFixes: the sender may write, the pull request
 * is not from a fork, its branch is not the default branch and is still at the check run's
 * commit), evaluate the head again, apply the edits of the findings it introduces, commit
 * them on the pull request's branch (no force) and say what happened in a review comment.
 * The new commit starts a new check through its synchronize event.
 */
export async function runApplyFixes(target: ApplyTarget, deps: CheckDeps, signal: AbortSignal): Promise<ApplyOutcome> {
  const { github, repo } = { github: deps.github, repo: target.repo };
  const say = async (body: string): Promise<void> => {
    await github.rest.pulls.createReview({ ...repo, pull_number: target.pull.number, commit_id: target.headSha, event: 'COMMENT', body });
  };
  try {
    const permit = await permitApplyFixes(github, repo, { pullNumber: target.pull.number, runHeadSha: target.headSha, sender: target.sender, defaultBranch: target.defaultBranch });
    if (!permit.ok) {
      deps.log.warn({ sender: target.sender, reason: permit.reason }, 'apply fixes refused');
      await say(`preadmit did not apply the fixes: ${permit.reason}.`);
      return permit.moved ? { outcome: 'moved', ...permit.moved } : { outcome: 'refused' };
    }
    checkpoint(signal);
    const change = await readChange(github, target, signal);
    checkpoint(signal);
    const { classified } = (await evaluateTarget(github, target, change, deps.policies, deps.evaluate, signal, deps.offload)).evaluation;
    const plan = planFixes(classified.new, await headTexts(github, target, change, classified.new, signal));
    const skipped = plan.skipped.map((s) => `- \`${s.file}\`: ${s.reason}`).join('\n');
    if (plan.files.length === 0) {
      await say(`preadmit has no fix to apply on ${target.headSha.slice(0, 7)}.${skipped ? `\n\nSkipped:\n${skipped}` : ''}`);
      return { outcome: 'nothing-to-apply' };
    }
    checkpoint(signal);
    const fixed = plan.applied.map((f) => `- ${f.policy}/${f.rule}${f.resource ? ` on ${formatRef(f.resource)}` : ''} (${f.file}:${f.line})`);
    const message = `Apply preadmit fixes\n\n${fixed.join('\n')}\n`;
    const sha = await commitFixes(github, repo, { parentSha: target.headSha, branch: permit.branch, files: plan.files, message });
    deps.log.info({ sha, files: plan.files.length, findings: plan.applied.length }, 'fixes committed');
    await say(`preadmit committed ${plan.applied.length} fix(es) to ${plan.files.length} file(s) in ${sha}.${skipped ? `\n\nSkipped:\n${skipped}` : ''}`);
    return { outcome: 'committed' };
  } catch (error) {
    if (error instanceof Superseded) return { outcome: 'cancelled' };
    deps.log.error({ err: error }, 'apply fixes failed');
    const moved = (error as { status?: number }).status === 422 ? ' The branch may have moved since the check ran; run the check again and retry.' : '';
    await say(`preadmit could not apply the fixes: ${describeError(error)}.${moved}`);
    return { outcome: 'failed' };
  }
}

/** The head texts of every file the findings' edits touch (rendered roots may fix files the change did not touch). */
async function headTexts(github: GitHub, target: CheckTarget, change: ChangeContents, findings: readonly Finding[], signal: AbortSignal): Promise<Map<string, string>> {
  const texts = new Map(change.head);
  const missing = new Set(findings.flatMap((f) => (f.composedEdits ?? f.edits ?? []).map((e) => e.file)).filter((file) => !texts.has(file)));
  if (missing.size === 0) return texts;
  const [read] = await readFilesAtCommits(github, target.repo, [{ sha: target.headSha, paths: missing }], signal, change.listings);
  for (const [path, text] of read?.contents ?? []) texts.set(path, text);
  return texts;
}
