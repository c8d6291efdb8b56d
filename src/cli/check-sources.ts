import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { configVariables } from '../config/policy-variables.ts';
import type { Finding } from '../core/finding.ts';
import { readManifestFiles } from '../manifest/read-files.ts';
import { checkParsedFiles, type ResourceFix } from '../pipeline/check.ts';
import { checkTree, type RootReport } from '../pipeline/check-tree.ts';
import { classifyFindings } from '../pipeline/classify.ts';
import type { PolicySet } from '../pipeline/load-policy-dirs.ts';
import { relativizeFiles } from '../pipeline/relativize.ts';
import { renderedDiff, type RenderedChange } from '../pipeline/rendered-diff.ts';
import { affectedRoots } from '../render/roots/affected-roots.ts';
import { findRoots } from '../render/roots/find-roots.ts';
import { toolOptionsFromEnv } from '../render/tool-paths.ts';
import { changedPaths, commitWorkspace, repositoryRoot, worktreeWorkspace, type Workspace } from '../workspace/local-git.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import { readRepositoryConfig } from './check-config.ts';

/** What a check produced, whichever way its inputs were gathered. */
export interface CheckOutcome {
  findings: Finding[];
  /** Base against head: findings the change removed. */
  fixed?: Finding[];
  fixes: ResourceFix[];
  roots?: RootReport[];
  changes?: RenderedChange[];
  /** Directory that finding paths are relative to, for reading and writing fixes. */
  baseDir: string;
  stats: { files: number; resources: number; ruleEvaluations: number };
}

export type Gathered = { ok: true; outcome: CheckOutcome } | { ok: false; message: string };

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Renderer settings from the environment (PREADMIT_KUSTOMIZE, PREADMIT_KUBECTL, PREADMIT_HELM). */
const RENDER = { tools: toolOptionsFromEnv(process.env) };

const prefixed = (prefix: string, file: string): string => (prefix === '' || prefix === '.' ? file : `${prefix}/${file}`);

/** `check PATH…` on files and directories: directories by their render roots, files as plain manifests. */
export async function gatherLocal(paths: readonly string[], cwd: string, policySet: PolicySet, render: boolean): Promise<Gathered> {
  const dirs = render ? paths.filter((p) => isDirectory(resolve(cwd, p))) : [];
  const files = paths.filter((p) => !dirs.includes(p));
  const findings: Finding[] = [];
  const fixes: ResourceFix[] = [];
  const roots: RootReport[] = [];
  const stats = { files: 0, resources: 0, ruleEvaluations: 0 };
  for (const dir of dirs) {
    const abs = resolve(cwd, dir);
    const tree = directoryTree(abs);
    const config = readRepositoryConfig(tree, abs);
    if ('problems' in config) return { ok: false, message: `invalid configuration in ${dir}:\n  ${config.problems.join('\n  ')}` };
    const variables = configVariables(config.config);
    const shown = relative(cwd, abs).split(sep).join('/');
    const result = await checkTree({ dir: abs, tree, roots: findRoots(tree, config.config), policies: policySet.policies, exceptions: policySet.exceptions, variables, render: RENDER });
    for (const f of result.findings) {
      f.file = prefixed(shown, f.file);
      if (f.roots) f.roots = f.roots.map((r) => prefixed(shown, r));
      for (const e of f.edits ?? []) e.file = prefixed(shown, e.file);
    }
    for (const fix of result.fixes) fix.file = prefixed(shown, fix.file);
    findings.push(...result.findings);
    fixes.push(...result.fixes);
    roots.push(...result.roots.map((r) => ({ ...r, path: prefixed(shown, r.path) })));
    stats.files += result.stats.files;
    stats.resources += result.stats.resources;
    stats.ruleEvaluations += result.stats.ruleEvaluations;
  }
  if (files.length > 0) {
    // files named one by one follow the configuration of the directory the command runs in
    const config = readRepositoryConfig(undefined, cwd);
    if ('problems' in config) return { ok: false, message: `invalid configuration in ${cwd}:\n  ${config.problems.join('\n  ')}` };
    const variables = configVariables(config.config);
    const parsed = relativizeFiles(await readManifestFiles(files.map((p) => resolve(cwd, p))), cwd);
    const result = checkParsedFiles(parsed, policySet.policies, policySet.exceptions, variables);
    findings.push(...result.findings);
    fixes.push(...result.fixes);
    stats.files += result.stats.files;
    stats.resources += result.stats.resources;
    stats.ruleEvaluations += result.stats.ruleEvaluations;
  }
  return { ok: true, outcome: { findings, fixes, ...(dirs.length > 0 ? { roots } : {}), baseDir: cwd, stats } };
}

async function checkWorkspace(ws: Workspace, changed: readonly string[], policySet: PolicySet, fixes: boolean): Promise<{ ok: true; result: Awaited<ReturnType<typeof checkTree>> } | { ok: false; message: string }> {
  const config = readRepositoryConfig(ws.tree, ws.dir);
  if ('problems' in config) return { ok: false, message: `invalid configuration at ${ws.ref}:\n  ${config.problems.join('\n  ')}` };
  const roots = affectedRoots(ws.tree, findRoots(ws.tree, config.config), changed);
  const result = await checkTree({ dir: ws.dir, tree: ws.tree, roots, policies: policySet.policies, exceptions: policySet.exceptions, variables: configVariables(config.config), render: RENDER, fixes });
  return { ok: true, result };
}

/**
 * `check --base REF [--head REF]` on a local git repository: render the roots the change
 * affects at both revisions (head defaults to the working tree) and classify the findings
 * as new, existing or fixed.
 */
export async function gatherBaseHead(cwd: string, base: string, head: string | undefined, policySet: PolicySet): Promise<Gathered> {
  const repo = await repositoryRoot(cwd);
  if (!repo.ok) return { ok: false, message: repo.error };
  const baseWs = await commitWorkspace(repo.value, base);
  if (!baseWs.ok) return { ok: false, message: baseWs.error };
  const headWs = head ? await commitWorkspace(repo.value, head) : { ok: true as const, value: worktreeWorkspace(repo.value) };
  if (!headWs.ok) {
    await baseWs.value.dispose();
    return { ok: false, message: headWs.error };
  }
  try {
    const changed = await changedPaths(repo.value, baseWs.value.ref, head ? headWs.value.ref : undefined);
    if (!changed.ok) return { ok: false, message: changed.error };
    const [before, after] = await Promise.all([checkWorkspace(baseWs.value, changed.value, policySet, false), checkWorkspace(headWs.value, changed.value, policySet, true)]);
    if (!before.ok) return before;
    if (!after.ok) return after;
    const classified = classifyFindings(after.result.findings, before.result.findings);
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
        baseDir: repo.value,
        stats: after.result.stats,
      },
    };
  } finally {
    await baseWs.value.dispose();
    await headWs.value.dispose();
  }
}
