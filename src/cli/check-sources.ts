import { blockingRule } from '../app/blocking.ts';
import { configVariables } from '../config/policy-variables.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { Finding } from '../core/finding.ts';
import type { ResourceFix } from '../pipeline/check.ts';
import type { PlannedFixes } from '../pipeline/planned-fixes.ts';
import { checkTree, type RootReport } from '../pipeline/check-tree.ts';
import { classifyFindings } from '../pipeline/classify.ts';
import type { PolicySet } from '../pipeline/load-policy-dirs.ts';
import { renderedDiff, type RenderedChange } from '../pipeline/rendered-diff.ts';
import { affectedRoots } from '../render/roots/affected-roots.ts';
import { findRoots } from '../render/roots/find-roots.ts';
import { rootsWithin } from '../render/roots/roots-within.ts';
import type { RenderOptions } from '../render/types.ts';
import { changedPaths, commitWorkspace, worktreeWorkspace, type Workspace } from '../workspace/local-git.ts';
import { readTreeConfig } from './check-config.ts';
import { checkScope } from './check-scope.ts';
import { gitRemoteUrls } from './git-remotes.ts';
import { renderWith } from './render-settings.ts';

/** What a check produced, whichever way its inputs were gathered. */
export interface CheckOutcome {
  findings: Finding[];
  /** Base against head: findings the change removed. */
  fixed?: Finding[];
  fixes: ResourceFix[];
  /** Fixes whose edits were planned where their files were checked (not in `fixes`). */
  planned?: PlannedFixes;
  roots?: RootReport[];
  changes?: RenderedChange[];
  /** The repository root: finding paths are relative to it, fixes are read and written there. */
  baseDir: string;
  stats: { files: number; resources: number; ruleEvaluations: number };
  /** Said on standard error: paths with nothing to check, parts left out. */
  warnings?: string[];
  /**
   * Whether a finding blocks, by the configuration that governs it: its policy enforces, its
   * layer is in enforce mode, its severity reaches severityThreshold (see blockingRule).
   */
  blocks: (finding: Finding) => boolean;
  /** The findings went to the sink the check was given, as it ran (`findings` holds none of them): how many, and whether one blocks. */
  streamed?: { count: number; blocking: boolean };
}

export type Gathered = { ok: true; outcome: CheckOutcome } | { ok: false; message: string };

interface RevisionCheck {
  ws: Workspace;
  changed: readonly string[];
  /** Repository paths the check is narrowed to; undefined: the whole repository. */
  within: readonly string[] | undefined;
  fixes: boolean;
  /** The repository's remote URLs: a Flux source with one of them is this repository. */
  remotes: readonly string[];
}

type RevisionResult = { ok: true; result: Awaited<ReturnType<typeof checkTree>>; config: PreadmitConfig } | { ok: false; message: string };

async function checkWorkspace(check: RevisionCheck, policySet: PolicySet, render: RenderOptions): Promise<RevisionResult> {
  const { ws } = check;
  const config = readTreeConfig(ws.tree);
  if ('problems' in config) return { ok: false, message: `invalid configuration at ${ws.ref}:\n  ${config.problems.join('\n  ')}` };
  const affected = affectedRoots(ws.tree, findRoots(ws.tree, config.config, { urls: check.remotes }), check.changed);
  const roots = check.within === undefined ? affected : rootsWithin(ws.tree, affected, check.within);
  const result = await checkTree({ dir: ws.dir, tree: ws.tree, roots, policies: policySet.policies, exceptions: policySet.exceptions, variables: configVariables(config.config), render: renderWith(config.config, render), fixes: check.fixes });
  return { ok: true, result, config: config.config };
}

/**
 * `check --base REF [--head REF] [PATH…]` on a local git repository: render the roots the
 * change affects (and, with paths, that deploy something under them) at both revisions (head
 * defaults to the working tree) and classify the findings as new, existing or fixed. Fixes
 * are derived at the head only, and not at all with `fixes` false (--no-fixes).
 */
export async function gatherBaseHead(paths: readonly string[], cwd: string, base: string, head: string | undefined, policySet: PolicySet, render: RenderOptions, fixes = true): Promise<Gathered> {
  const scoped = checkScope(paths, cwd);
  if (!scoped.ok) return { ok: false, message: scoped.message };
  const { root, rootKind, targets } = scoped.scope;
  if (rootKind !== 'git') return { ok: false, message: `${root} is not inside a git repository (--base needs one)` };
  const within = targets.some((t) => t.path === '.') ? undefined : targets.map((t) => t.path);
  const baseWs = await commitWorkspace(root, base);
  if (!baseWs.ok) return { ok: false, message: baseWs.error };
  const headWs = head ? await commitWorkspace(root, head) : { ok: true as const, value: worktreeWorkspace(root) };
  if (!headWs.ok) {
    await baseWs.value.dispose();
    return { ok: false, message: headWs.error };
  }
  try {
    const changed = await changedPaths(root, baseWs.value.ref, head ? headWs.value.ref : undefined);
    const remotes = gitRemoteUrls(root);
    if (!changed.ok) return { ok: false, message: changed.error };
    const [before, after] = await Promise.all([
      checkWorkspace({ ws: baseWs.value, changed: changed.value, within, fixes: false, remotes }, policySet, render),
      checkWorkspace({ ws: headWs.value, changed: changed.value, within, fixes, remotes }, policySet, render),
    ]);
    if (!before.ok) return before;
    if (!after.ok) return after;
    const classified = classifyFindings(after.result.findings, before.result.findings, { moved: true });
    for (const f of classified.new) f.classification = 'new';
    for (const f of classified.existing) f.classification = 'existing';
    for (const f of classified.fixed) f.classification = 'fixed';
    return {
      ok: true,
      outcome: {
        findings: after.result.findings,
        fixed: classified.fixed,
        fixes: head ? [] : after.result.fixes,
        roots: after.result.roots,
        changes: renderedDiff(before.result.rendered, after.result.rendered),
        baseDir: root,
        stats: after.result.stats,
        blocks: blockingRule(after.config),
      },
    };
  } finally {
    await baseWs.value.dispose();
    await headWs.value.dispose();
  }
}
