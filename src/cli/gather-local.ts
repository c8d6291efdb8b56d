import { join, relative, sep } from 'node:path';
import { blockingRule } from '../app/blocking.ts';
import { configVariables } from '../config/policy-variables.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { Finding } from '../core/finding.ts';
import { findManifestFiles } from '../manifest/find-files.ts';
import { readManifestFiles } from '../manifest/read-files.ts';
import type { ParsedFile } from '../manifest/types.ts';
import { checkParsedFiles, type ResourceFix } from '../pipeline/check.ts';
import { checkTree, EXCEPTION_KIND, type RootReport } from '../pipeline/check-tree.ts';
import { joinPlanned, type PlannedFixes } from '../pipeline/planned-fixes.ts';
import type { PolicySet } from '../pipeline/load-policy-dirs.ts';
import { relativizeFiles } from '../pipeline/relativize.ts';
import { findRoots } from '../render/roots/find-roots.ts';
import { isManifestExtension, isWithin } from '../render/roots/paths.ts';
import { keepRoot } from '../render/roots/root-filter.ts';
import { rootsWithin } from '../render/roots/roots-within.ts';
import type { FileTree } from '../render/roots/types.ts';
import type { RenderOptions } from '../render/types.ts';
import { sortFindings } from '../report/order.ts';
import { directoryTree } from '../workspace/fs-tree.ts';
import type { WorkerPool } from '../workers/pool.ts';
import { readConfigFile } from './check-config.ts';
import { gitRemoteUrls } from './git-remotes.ts';
import { renderWith } from './render-settings.ts';
import { checkScope, type CheckTarget } from './check-scope.ts';
import { chartFilesIn, helmChartNote } from './helm-chart-files.ts';
import { discoveryScope } from './discovery-scope.ts';
import type { CheckOutcome, Gathered } from './check-sources.ts';

export interface LocalOptions {
  /** Render kustomize and Helm roots (false: --no-render, every file a plain manifest). */
  render: boolean;
  /** Derive fixes (default true; false: --no-fixes, no finding gets edits). */
  fixes?: boolean;
  renderOptions: RenderOptions;
  /** --values: absolute paths of values files every Helm root gets after its own. */
  valuesFiles?: readonly string[];
  /** Worker threads for the plain manifests, and the policy folders the policy set was loaded from. */
  threads?: { pool: WorkerPool; policyDirs: string[]; plan?: { files: boolean } };
  /**
   * Where a report written as the check goes takes the findings (see TreeCheckInput.sink): used
   * when the paths are directories under one configuration whose roots are all plain files, read
   * on the threads; the outcome's `streamed` then counts them, and its `findings` is empty.
   */
  sink?: ReportSink;
}

/** Takes findings in report order, a group at a time, with whether each blocks by the configuration that governs it. */
export type ReportSink = (findings: readonly Finding[], blocks: (finding: Finding) => boolean) => void;

interface Accumulated {
  findings: Finding[];
  planned: PlannedFixes[];
  fixes: ResourceFix[];
  roots: RootReport[];
  warnings: string[];
  stats: { files: number; resources: number; ruleEvaluations: number };
  /** Findings that went to the sink instead of `findings`. */
  streamed?: { count: number; blocking: boolean };
}

function add<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Named files (and unreadable files of checked directories) as plain manifests. */
function checkFiles(parsed: ParsedFile[], config: PreadmitConfig, policySet: PolicySet, fixes: boolean, into: Accumulated): void {
  const result = checkParsedFiles(parsed, policySet.policies, policySet.exceptions, configVariables(config), { fixes });
  for (const finding of result.findings) if (!finding.roots) finding.roots = [finding.file];
  add(into.findings, result.findings);
  add(into.fixes, result.fixes);
  for (const file of parsed) into.roots.push({ path: file.file, renderer: 'plain', resources: file.resources.length });
  into.stats.files += result.stats.files;
  into.stats.resources += result.stats.resources;
  into.stats.ruleEvaluations += result.stats.ruleEvaluations;
}

/** Manifest-named files under the directories that the tree cannot read as text (too large, binary). */
function unreadableFiles(tree: FileTree, dirs: readonly string[], config: PreadmitConfig): string[] {
  return tree.paths.filter(
    (path) =>
      isManifestExtension(path) &&
      dirs.some((dir) => isWithin(path, dir)) &&
      keepRoot({ path, renderer: 'plain' }, config.roots, config.policies.paths) &&
      (tree.readable?.(path) ?? tree.read(path) !== undefined) === false,
  );
}

const nothingThere = (target: CheckTarget): string =>
  `warning: ${target.given} holds no Kubernetes manifests, so nothing there was checked — is the path right?`;

/**
 * Directories by their render roots (on the whole repository tree, or on the paths `within` when
 * discovery looks only there, which a render that cannot tell what it reads then copies), files
 * as plain manifests.
 */
async function gatherRendered(root: string, targets: readonly CheckTarget[], config: PreadmitConfig, policySet: PolicySet, options: LocalOptions, tree: () => FileTree, within: readonly string[] | undefined, into: Accumulated): Promise<void> {
  const dirs = targets.filter((t) => t.directory);
  const files = targets.filter((t) => !t.directory);
  if (dirs.length > 0) {
    const repo = tree();
    const dirPaths = dirs.map((d) => d.path);
    const extraValues = (options.valuesFiles ?? []).map((f) => relative(root, f).split(sep).join('/'));
    const roots = rootsWithin(repo, findRoots(repo, config, { urls: gitRemoteUrls(root) }), dirPaths).map((r) =>
      r.renderer === 'helm' && extraValues.length > 0 ? { ...r, valuesFiles: [...(r.valuesFiles ?? []), ...extraValues] } : r,
    );
    const unreadable = unreadableFiles(repo, dirPaths, config);
    for (const dir of repo.unlisted ?? []) {
      // in a checked directory, or above one (whose files it then holds)
      if (dirPaths.some((d) => isWithin(dir.path, d) || isWithin(d, dir.path))) into.warnings.push(`warning: ${dir.path}: cannot list this directory (${dir.reason}), so the files in it were not checked — check its permissions`);
    }
    // streamed only when nothing else adds findings to merge with the tree's
    const sink = files.length === 0 && unreadable.length === 0 ? options.sink : undefined;
    const blocks = blockingRule(config);
    const streamed = { count: 0, blocking: false };
    const result = await checkTree({
      dir: root,
      tree: repo,
      roots,
      policies: policySet.policies,
      exceptions: policySet.exceptions,
      variables: configVariables(config),
      render: renderWith(config, within ? { ...options.renderOptions, copyWithin: within } : options.renderOptions),
      keepRendered: false,
      fixes: options.fixes !== false,
      ...(options.threads ? { threads: options.threads } : {}),
      ...(sink
        ? {
            sink: (findings: readonly Finding[]) => {
              streamed.count += findings.length;
              streamed.blocking ||= findings.some(blocks);
              sink(findings, blocks);
            },
          }
        : {}),
    });
    if (result.streamed) into.streamed = streamed;
    add(into.findings, result.findings);
    add(into.fixes, result.fixes);
    if (result.planned) into.planned.push(result.planned);
    add(into.roots, result.roots);
    into.stats.files += repo.paths.filter((p) => dirPaths.some((d) => isWithin(p, d))).length;
    into.stats.resources += result.stats.resources;
    into.stats.ruleEvaluations += result.stats.ruleEvaluations;
    if (unreadable.length > 0) checkFiles(relativizeFiles(await readManifestFiles(unreadable.map((p) => join(root, p))), root), config, policySet, options.fixes !== false, into);
    for (const dir of dirs) {
      const reached = roots.some((r) => isWithin(r.path, dir.path) || isWithin(dir.path, r.path)) || unreadable.some((p) => isWithin(p, dir.path));
      if (!reached) into.warnings.push(nothingThere(dir));
    }
  }
  if (files.length > 0) {
    const parsed = relativizeFiles(await readManifestFiles(files.map((f) => join(root, f.path))), root);
    checkFiles(parsed, config, policySet, options.fixes !== false, into);
    for (const [i, file] of parsed.entries()) {
      const target = files[i];
      if (target && file.resources.length === 0 && file.problems.length === 0) into.warnings.push(nothingThere(target));
    }
  }
}

/** --no-render: every manifest file under the paths as written; Helm chart files are left out with a note. */
async function gatherPlain(root: string, targets: readonly CheckTarget[], config: PreadmitConfig, policySet: PolicySet, fixes: boolean, into: Accumulated): Promise<void> {
  const found = await findManifestFiles(targets.map((t) => join(root, t.path)));
  const charts = chartFilesIn(root, found.files);
  const kept = found.files.filter((f) => !charts.skipped.has(f));
  const parsed = relativizeFiles(await readManifestFiles([...kept, ...found.errors.map((e) => e.path)]), root);
  checkFiles(parsed, config, policySet, fixes, into);
  if (charts.charts.length > 0) into.warnings.push(helmChartNote(charts.charts));
  for (const target of targets) {
    const mine = parsed.filter((f) => isWithin(f.file, target.path));
    if (!mine.some((f) => f.resources.length > 0 || f.problems.length > 0) && !charts.charts.some((c) => isWithin(c, target.path) || isWithin(target.path, c))) {
      into.warnings.push(nothingThere(target));
    }
  }
}

/**
 * `check PATH…` without --base. Paths resolve against `cwd`; reported paths are relative to
 * the repository root (see checkScope); each path follows the nearest `.github/preadmit.yml`
 * between it and that root.
 */
export async function gatherLocal(paths: readonly string[], cwd: string, policySet: PolicySet, options: LocalOptions): Promise<Gathered> {
  const scoped = checkScope(paths, cwd);
  if (!scoped.ok) return { ok: false, message: scoped.message };
  const { root, rootKind, targets } = scoped.scope;
  const into: Accumulated = { findings: [], planned: [], fixes: [], roots: [], warnings: [], stats: { files: 0, resources: 0, ruleEvaluations: 0 } };
  let repoTree: FileTree | undefined;
  // outside a repository the root is only where the command ran: discovery stays near the checked paths
  const within = options.render && rootKind === 'directory' ? await discoveryScope(root, targets) : undefined;
  // root discovery reads every manifest: what it saw says which files may declare PolicyExceptions
  const tree = (): FileTree => (repoTree ??= directoryTree(root, { watch: [EXCEPTION_KIND], ...(within ? { within } : {}) }));
  const blocking = new Set<Finding>();
  const byConfig = new Map<string, CheckTarget[]>();
  for (const target of targets) byConfig.set(target.config ?? '', [...(byConfig.get(target.config ?? '') ?? []), target]);
  // one configuration's tree alone may stream: the findings of several would have to be merged
  const { sink: _sink, ...unsunk } = options;
  const groupOptions: LocalOptions = byConfig.size === 1 ? options : unsunk;
  for (const [file, group] of byConfig) {
    const read = readConfigFile(file === '' ? undefined : file, root);
    if ('problems' in read) return { ok: false, message: `invalid configuration:\n  ${read.problems.join('\n  ')}` };
    const before = into.findings.length;
    if (options.render) await gatherRendered(root, group, read.config, policySet, groupOptions, tree, within, into);
    else await gatherPlain(root, group, read.config, policySet, options.fixes !== false, into);
    const blocks = blockingRule(read.config);
    for (const finding of into.findings.slice(before)) if (blocks(finding)) blocking.add(finding);
  }
  const outcome: CheckOutcome = {
    findings: sortFindings(into.findings),
    fixes: into.fixes,
    ...(into.planned.length > 0 ? { planned: joinPlanned(into.planned) } : {}),
    roots: into.roots,
    baseDir: root,
    stats: into.stats,
    warnings: into.warnings,
    blocks: (finding) => blocking.has(finding),
    ...(into.streamed ? { streamed: into.streamed } : {}),
  };
  return { ok: true, outcome };
}
