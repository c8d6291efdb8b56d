import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { ChangedFile } from '../../app/changed-files.ts';
import { evaluateChange, type ChangeEvaluation } from '../../app/evaluate-change.ts';
import { renderDirs, type ChangeDirs } from '../../app/render-dirs.ts';
import { renderedDiffMarkdown } from '../../app/rendered-diff-text.ts';
import type { Unchecked } from '../../app/unchecked.ts';
import { policiesFromTexts, type PolicyText } from '../../app/repo-policies.ts';
import { packageRoot } from '../../core/package-files.ts';
import type { JsonValue } from '../../core/json.ts';
import type { Policy } from '../../policy/types.ts';
import type { RootsConfig } from '../../render/roots/find-roots.ts';
import type { ToolOptions } from '../../render/tools.ts';
import { policyCache, type PolicySource } from '../policy-cache.ts';
import { defineTask } from '../task.ts';

/** A pull request's change as the app evaluates it, all as data (policies as folders and texts). */
export interface EvaluateChangeInput {
  /** The app's policy folders (loaded once per worker); absent when the configuration turns the built-in policies off. */
  appPolicies?: PolicySource;
  /** Policy files read from GitHub: the organisation's, then the repository's; each group loads as policiesFromTexts loads it. */
  policyTexts: PolicyText[][];
  variables: Record<string, JsonValue>;
  /** The changed manifests, with their contents at the head and at the merge base. */
  manifests: ChangedFile[];
  head: Map<string, string>;
  base: Map<string, string>;
  /** Set when the change reaches kustomize/helm roots: both trees written out on disk. */
  render?: ChangeDirs & { changedFiles: string[]; config: RootsConfig; tools: ToolOptions };
  /** A message on this port stops the renderers (the check was stopped); transferred, not cloned. */
  cancel?: MessagePort;
}

export interface EvaluateChangeOutput {
  evaluation: ChangeEvaluation;
  /** The rendered diff (Markdown), when roots were rendered. */
  text?: string;
  /** What the rendering could not check (roots that did not render on the head, files left out). */
  unchecked?: Unchecked[];
}

const appPoliciesOf = policyCache();
const textPolicies = new Map<string, Policy[]>();
const MAX_TEXT_SETS = 32;

/** Policies from texts, loaded once per distinct set of files (a worker keeps the latest 32 sets). */
function policiesOfTexts(files: readonly PolicyText[]): Policy[] {
  if (files.length === 0) return [];
  const key = createHash('sha256').update(JSON.stringify(files)).digest('hex');
  let policies = textPolicies.get(key);
  if (policies === undefined) {
    policies = policiesFromTexts(new Map(files.map((f) => [f.path, f.text]))).policies;
    if (textPolicies.size >= MAX_TEXT_SETS) textPolicies.delete(textPolicies.keys().next().value as string);
  } else {
    textPolicies.delete(key);
  }
  textPolicies.set(key, policies);
  return policies;
}

const REPO = packageRoot(import.meta.url);
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n';

/**
 * The app's CPU work for one check, in a worker thread: load the policies, render the roots
 * the change reaches (kustomize/helm child processes, source mapping) or parse the changed
 * manifests, evaluate head and base, classify, derive fixes and their edits.
 */
export const task = defineTask<EvaluateChangeInput, EvaluateChangeOutput>({
  async run(input) {
    const stop = new AbortController();
    input.cancel?.once('message', () => stop.abort());
    try {
      const app = input.appPolicies ? (await appPoliciesOf(input.appPolicies)).policies : [];
      const policies = [...app, ...input.policyTexts.flatMap(policiesOfTexts)];
      if (input.render) {
        const { tools, ...dirs } = input.render;
        const rendered = await renderDirs({ ...dirs, policies, variables: input.variables, render: { tools, signal: stop.signal } });
        if (rendered) return { evaluation: rendered.evaluation, text: renderedDiffMarkdown(rendered.changes, rendered.roots), unchecked: rendered.unchecked };
      }
      return { evaluation: evaluateChange(input.manifests, input.head, input.base, policies, input.variables) };
    } finally {
      input.cancel?.close();
    }
  },
  example: {
    appPolicies: { dirs: [join(REPO, 'policies')] },
    policyTexts: [[], [{ path: 'policies/latest.yaml', text: 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: no-latest\nspec:\n  rules:\n    - name: tag\n      match:\n        any:\n          - resources:\n              kinds: [Pod]\n      validate:\n        message: use a pinned tag\n        pattern:\n          spec:\n            containers:\n              - image: "!*:latest"\n' }]],
    variables: {},
    manifests: [{ filename: 'app.yaml', status: 'modified' }],
    head: new Map([['app.yaml', POD]]),
    base: new Map([['app.yaml', POD.replace('nginx:latest', 'nginx:1.27')]]),
  },
});
