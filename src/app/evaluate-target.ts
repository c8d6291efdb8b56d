import type { Policy } from '../policy/types.ts';
import { toolOptionsFromEnv } from '../render/tool-paths.ts';
import type { ChangeEvaluation, evaluateChange } from './evaluate-change.ts';
import { evaluateInWorker, type Offload } from './evaluate-offload.ts';
import type { GitHub } from './github.ts';
import { policiesFor, variablesFor, type ChangeContents, type CheckTarget } from './read-change.ts';
import { materialiseChange, renderChange } from './render-change.ts';
import { renderedDiffMarkdown } from './rendered-diff-text.ts';
import type { Unchecked } from './unchecked.ts';

export interface TargetEvaluation {
  evaluation: ChangeEvaluation;
  policies: Policy[];
  /** The rendered diff (Markdown), when kustomize/helm roots were rendered. */
  text?: string;
  notes: string[];
  /** What the evaluation could not check (roots that did not render on the head, files left out of a tree). */
  unchecked?: Unchecked[];
}

/**
 * Evaluate a change read by readChange: through its render roots (kustomize, helm) when the
 * change reaches any, otherwise its changed files as plain manifests (`evaluate`). With an
 * `offload`, the rendering and the evaluation run in a worker thread (the policies go there
 * as data: the app's folders and the texts read from GitHub); the calling thread only
 * writes the trees out.
 */
export async function evaluateTarget(github: GitHub, target: CheckTarget, change: ChangeContents, appPolicies: readonly Policy[], evaluate: typeof evaluateChange, signal: AbortSignal, offload?: Offload): Promise<TargetEvaluation> {
  const policies = policiesFor(change, appPolicies);
  const variables = variablesFor(change);
  const materialise = { github, repo: target.repo, headSha: target.headSha, mergeBase: change.mergeBase, changed: change.changed, listings: change.listings, signal };
  if (offload) {
    const request = {
      ...(change.config.policies.builtin ? { appPolicies: { dirs: offload.appPolicyDirs } } : {}),
      policyTexts: change.policySources,
      variables,
      manifests: change.manifests,
      head: change.head,
      base: change.base,
    };
    const tools = toolOptionsFromEnv(process.env);
    const rendered = await materialiseChange(materialise, (dirs) =>
      evaluateInWorker(offload, { ...request, render: { ...dirs, changedFiles: change.changed.map((f) => f.filename), config: change.config, tools } }, signal),
    );
    const done = rendered.kind === 'used' ? rendered.value : await evaluateInWorker(offload, request, signal);
    const unchecked = rendered.kind === 'skipped' ? [rendered.unchecked] : (done.unchecked ?? []);
    return { evaluation: done.evaluation, policies, ...(done.text === undefined ? {} : { text: done.text }), notes: [], unchecked };
  }
  const rendered = await renderChange({ ...materialise, config: change.config, policies, variables });
  if (rendered.kind === 'rendered') return { evaluation: rendered.evaluation, policies, text: renderedDiffMarkdown(rendered.changes, rendered.roots), notes: [], unchecked: rendered.unchecked };
  const evaluation = evaluate(change.manifests, change.head, change.base, policies, variables);
  return { evaluation, policies, notes: [], unchecked: rendered.kind === 'skipped' ? [rendered.unchecked] : [] };
}
