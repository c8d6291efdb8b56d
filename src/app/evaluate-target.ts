import type { Policy } from '../policy/types.ts';
import type { ChangeEvaluation, evaluateChange } from './evaluate-change.ts';
import type { GitHub } from './github.ts';
import { policiesFor, variablesFor, type ChangeContents, type CheckTarget } from './read-change.ts';
import { renderChange } from './render-change.ts';
import { renderedDiffMarkdown } from './rendered-diff-text.ts';

export interface TargetEvaluation {
  evaluation: ChangeEvaluation;
  policies: Policy[];
  /** The rendered diff (Markdown), when kustomize/helm roots were rendered. */
  text?: string;
  notes: string[];
}

/**
 * Evaluate a change read by readChange: through its render roots (kustomize, helm) when the
 * change reaches any, otherwise its changed files as plain manifests (`evaluate`).
 */
export async function evaluateTarget(github: GitHub, target: CheckTarget, change: ChangeContents, appPolicies: readonly Policy[], evaluate: typeof evaluateChange, signal: AbortSignal): Promise<TargetEvaluation> {
  const policies = policiesFor(change, appPolicies);
  const variables = variablesFor(change);
  const rendered = await renderChange({
    github,
    repo: target.repo,
    headSha: target.headSha,
    mergeBase: change.mergeBase,
    changed: change.changed,
    listings: change.listings,
    config: change.config,
    policies,
    variables,
    signal,
  });
  if (rendered.kind === 'rendered') return { evaluation: rendered.evaluation, policies, text: renderedDiffMarkdown(rendered.changes, rendered.roots), notes: [] };
  const evaluation = evaluate(change.manifests, change.head, change.base, policies, variables);
  return { evaluation, policies, notes: rendered.kind === 'skipped' ? [rendered.note] : [] };
}
