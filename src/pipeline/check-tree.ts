import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import type { Finding } from '../core/finding.ts';
import type { JsonValue } from '../core/json.ts';
import { evaluatePolicies } from '../engine/evaluate.ts';
import type { RuleResult } from '../engine/types.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { ParsedFile } from '../manifest/types.ts';
import type { PolicyException } from '../policy/exceptions.ts';
import type { Policy } from '../policy/types.ts';
import { renderRoot } from '../render/render-root.ts';
import { renderAhead } from './render-ahead.ts';
import type { FileTree, FoundRoot } from '../render/roots/types.ts';
import { isRenderError, type RenderedResource, type RendererName, type RenderOptions } from '../render/types.ts';
import { compareText, sortFindings } from '../report/order.ts';
import { checkParsedFiles, manifestExceptionsOf, type CheckResult, type ResourceFix } from './check.ts';
import type { WorkerPool } from '../workers/pool.ts';
import type { CheckFilesInput, CheckFilesOutput } from '../workers/tasks/check-files.ts';
import { dedupeAcrossRoots } from './dedupe-roots.ts';
import { renderedFinding, renderErrorFinding, rootFile } from './rendered-findings.ts';
import { mergeSharedFixes, renderedSourceFixes } from './rendered-fixes.ts';
import { sourceDocuments, type SourceDocuments } from './source-documents.ts';
import type { RootResources } from './rendered-diff.ts';
import { appendAll } from '../core/append-all.ts';
import { internFindings } from '../core/intern-findings.ts';
import { joinPlanned, type PlannedFixes } from './planned-fixes.ts';
import { threadParts, type PartFile } from './thread-parts.ts';

/**
 * Roots rendered ahead of the one being evaluated: as many tool processes as cores beside this
 * thread's work (each render mostly waits on its process), at most 4 (each holds a copy of what it reads).
 */
const RENDER_AHEAD = Math.min(4, Math.max(1, availableParallelism()));

/** One render root of a run, as `--format json` reports it. */
export interface RootReport {
  path: string;
  renderer: RendererName;
  /** A chart variant's or a configured root's name (several roots may share a path). */
  name?: string;
  /** The values files a Helm root renders with, beyond the chart's own (tree-relative: the variant's, the configured ones, --values). */
  valuesFiles?: string[];
  resources: number;
  error?: string;
  /** Parts of the root that were not rendered (see RenderResult.omitted): the rest was checked. */
  omitted?: string[];
}

/** What tells a rendered root apart from another of the same path. */
const variantOf = (root: FoundRoot): Pick<RootReport, 'name' | 'valuesFiles'> => ({
  ...(root.name !== undefined ? { name: root.name } : {}),
  // tree-relative ones only: an absolute path says nothing about the repository
  ...(root.valuesFiles !== undefined && root.valuesFiles.some((f) => !isAbsolute(f)) ? { valuesFiles: root.valuesFiles.filter((f) => !isAbsolute(f)) } : {}),
});

export interface TreeCheckResult {
  findings: Finding[];
  fixes: ResourceFix[];
  roots: RootReport[];
  rendered: RootResources[];
  stats: { files: number; resources: number; ruleEvaluations: number };
  /** With `threads.plan`: the edits of the plain files' fixes, planned on the threads (their fixes are not in `fixes`). */
  planned?: PlannedFixes;
  /** The findings went to the input's sink, not into `findings`. */
  streamed?: true;
}

export interface TreeCheckInput {
  /** Directory holding the tree (renderers run on a copy of it). */
  dir: string;
  tree: FileTree;
  roots: readonly FoundRoot[];
  policies: readonly Policy[];
  exceptions: readonly PolicyException[];
  /** Variables from the configuration (fix defaults, CA bundle, registries). */
  variables?: Record<string, JsonValue>;
  render?: RenderOptions;
  /** How many roots render ahead of the one being evaluated (default RENDER_AHEAD; 0: one at a time). */
  renderAhead?: number;
  /** Derive fixes (default true); the base side of a comparison does not need them. */
  fixes?: boolean;
  /** Apply PolicyExceptions found in plain manifests of the tree (default true; the app passes false). */
  manifestExceptions?: boolean;
  /** Keep every root's resources in `rendered` (default true; a check without a base does not compare them). */
  keepRendered?: boolean;
  /**
   * Check the plain roots on these worker threads (when `tree` is the files of `dir` and
   * `keepRendered` is false): each thread loads the policies from `policyDirs`, which must be
   * the folders `policies` came from. The result is the same as in the calling thread.
   * With `plan`, each thread also plans the source edits of its files' fixes (see planned-fixes.ts).
   */
  threads?: { pool: WorkerPool; policyDirs: string[]; plan?: { files: boolean } };
  /**
   * When every root is plain and the threads check them: their findings go to `sink` as the
   * threads finish, in report order (sorted and deduplicated as `findings` would hold them, a
   * group of files at a time), and are not kept; `findings` is then empty and `streamed` true.
   * Otherwise the sink is never called.
   */
  sink?: FindingSink;
}

/** Receives findings in report order, a group at a time (see TreeCheckInput.sink). */
export type FindingSink = (findings: readonly Finding[]) => void;

/** Plain files are parsed and evaluated this many at a time, so their documents are released as the check goes. */
const PLAIN_CHUNK = 500;

/**
 * The threads are used from this many files or bytes of plain files on (starting them costs
 * more below; see thread-parts.ts for how they are shared out). A file whose size the tree
 * cannot tell counts as ASSUMED_BYTES.
 */
const THREADS_FROM_BYTES = 400 * 1024;
const THREADS_FROM_FILES = 400;
const ASSUMED_BYTES = 1024;

const sizeOf = (tree: FileTree, path: string): number => tree.size?.(path) ?? ASSUMED_BYTES;

function plainOnThreads(input: TreeCheckInput): TreeCheckInput['threads'] | undefined {
  const threads = input.threads;
  if (!threads || threads.pool.size === 0 || input.keepRendered !== false) return undefined;
  let bytes = 0;
  let files = 0;
  for (const root of input.roots) {
    if (root.renderer !== 'plain') continue;
    bytes += sizeOf(input.tree, root.path);
    files++;
    if (bytes >= THREADS_FROM_BYTES || files >= THREADS_FROM_FILES) return threads;
  }
  return undefined;
}

/** A plain manifest file as a root reads it: parsed with positions, a located problem when unreadable. */
function readPlainRoot(path: string, tree: FileTree): ParsedFile {
  const text = tree.read(path);
  const parsed = parseManifestText(path, text ?? '');
  if (text === undefined) parsed.problems.push({ file: path, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message: 'cannot read the file (binary, unreadable or too large)' });
  return parsed;
}

/** The kind whose name a plain file's text must hold to declare PolicyExceptions: a directory tree built for a check watches it (see FileTree.mentions). */
export const EXCEPTION_KIND = 'PolicyException';

/**
 * The PolicyExceptions declared in the plain roots, in file order, as checkParsedFiles reads
 * them from all the files at once: only files whose text names the kind are parsed for them.
 */
function plainExceptions(roots: readonly FoundRoot[], tree: FileTree): PolicyException[] {
  const holding = roots.filter((root) => root.renderer === 'plain' && (tree.mentions?.(root.path, EXCEPTION_KIND) ?? tree.read(root.path)?.includes(EXCEPTION_KIND) === true));
  return manifestExceptionsOf(holding.map((root) => readPlainRoot(root.path, tree)));
}

/** `forResource` receives the findings placed where a whole resource is configured (see renderedFinding). */
function evaluateRendered(resources: readonly RenderedResource[], input: TreeCheckInput, root: FoundRoot, docs: SourceDocuments, forResource: Set<Finding>): { findings: Finding[]; fixes: ResourceFix[]; evaluations: number } {
  const findings: Finding[] = [];
  const fixes: ResourceFix[] = [];
  let evaluations = 0;
  const variables = input.variables ?? {};
  const withFixes = input.fixes !== false;
  const admission = {
    operation: 'CREATE' as const,
    exceptions: input.exceptions,
    deriveFixes: withFixes,
    ...(Object.keys(variables).length > 0 ? { valuesFor: () => variables } : {}),
  };
  const declaredIn = rootFile(root.path, root.renderer, input.tree);
  for (const resource of resources) {
    const results = evaluatePolicies(input.policies, { ...admission, resource: resource.object });
    evaluations += results.length;
    const own = new Map<RuleResult, Finding>();
    for (const result of results) {
      const finding = renderedFinding(result, resource, declaredIn, forResource);
      if (!finding) continue;
      findings.push(finding);
      own.set(result, finding);
    }
    if (!withFixes || !results.some((r) => r.fix !== undefined)) continue;
    appendAll(fixes, renderedSourceFixes(resource, docs, input.policies, results, own, admission));
  }
  return { findings, fixes, evaluations };
}

/** Fixes refer to the findings the report keeps (one per source place across roots): `merged` maps each finding left out to the one kept. */
function canonicalFindings(fixes: readonly ResourceFix[], merged: ReadonlyMap<Finding, Finding>): ResourceFix[] {
  const canonical = (f: Finding): Finding => merged.get(f) ?? f;
  return fixes.map((fix) => ({
    ...fix,
    findings: [...new Set(fix.findings.map(canonical))],
    own: new Map([...fix.own].map(([f, ops]) => [canonical(f), ops])),
  }));
}

/**
 * Check a tree root by root: plain files as written (fixes become edits of the file),
 * kustomize overlays and Helm charts as they render (findings placed on the source lines
 * the fields come from). A root that does not render is a blocking finding, never a pass.
 * Findings from several roots on one source line are reported once, naming the roots.
 */
export async function checkTree(input: TreeCheckInput): Promise<TreeCheckResult> {
  const findings: Finding[] = [];
  const roots: RootReport[] = [];
  const rendered: RootResources[] = [];
  const keepRendered = input.keepRendered !== false;
  let evaluations = 0;
  let renderedCount = 0;
  const renderedFixes: ResourceFix[] = [];
  // rendered findings placed where a whole resource is configured: kept one per resource (see renderedFinding)
  const forResource = new Set<Finding>();
  const docs = sourceDocuments(input.tree);
  const plainFindings: Finding[] = [];
  const plainFixes: ResourceFix[] = [];
  const plainStats = { resources: 0, ruleEvaluations: 0 };
  const options = input.manifestExceptions === false
    ? { fixes: input.fixes !== false, manifestExceptions: false }
    : { fixes: input.fixes !== false, exceptionsInManifests: plainExceptions(input.roots, input.tree) };
  let pending: ParsedFile[] = [];
  const plannedParts: PlannedFixes[] = [];
  const addPart = (part: CheckResult & { planned?: PlannedFixes }): void => {
    if (part.planned) plannedParts.push(part.planned);
    appendAll(plainFindings, part.findings);
    appendAll(plainFixes, part.fixes);
    plainStats.resources += part.stats.resources;
    plainStats.ruleEvaluations += part.stats.ruleEvaluations;
  };
  const evaluatePending = (): void => {
    if (pending.length === 0) return;
    addPart(checkParsedFiles(pending, input.policies, input.exceptions, input.variables, options));
    pending = [];
  };
  const onThreads = plainOnThreads(input);
  const threadResources = new Map<string, number>();
  const sink = onThreads && input.sink && input.roots.every((root) => root.renderer === 'plain') ? input.sink : undefined;
  // streamed: the files go in report order, each group's findings in that order as it comes
  let group: Finding[] = [];
  const flush = (): void => {
    if (!sink || group.length === 0) return;
    for (const finding of group) if (!finding.roots) finding.roots = [finding.file];
    // sorted first, as the whole report dedupes the sorted findings; plain findings each have their one root, so deduplication leaves them in order
    sink(dedupeAcrossRoots(sortFindings(group)));
    group = [];
  };
  if (onThreads) {
    const inOrder = input.roots.filter((root) => root.renderer === 'plain').map((root) => root.path);
    const plainRoots = sink ? inOrder.sort(compareText) : inOrder;
    const inManifests = options.manifestExceptions === false ? false : [...(options.exceptionsInManifests ?? [])];
    const parts: CheckFilesInput[] = [];
    for (const files of threadParts(plainRoots, (path) => sizeOf(input.tree, path))) {
      parts.push({
        policies: { dirs: onThreads.policyDirs },
        dir: input.dir,
        files,
        exceptions: [...input.exceptions],
        variables: input.variables ?? {},
        fixes: options.fixes,
        inManifests,
        ...(onThreads.plan && options.fixes ? { plan: onThreads.plan } : {}),
      });
    }
    const strings = new Map<string, string>();
    const take = (output: CheckFilesOutput, files: readonly PartFile[]): void => {
      if (sink) {
        appendAll(group, output.findings);
        addPart({ ...output, findings: [] });
      } else {
        // findings held to the end share their strings (streamed ones are written and dropped)
        internFindings(output.findings, strings);
        addPart(output);
      }
      for (const [i, file] of files.entries()) threadResources.set(file.path, (threadResources.get(file.path) ?? 0) + (output.resources[i] ?? 0));
    };
    // the pieces of a file are taken together once all are in: should one stop at a limit, the file is read whole, as one
    let pieces: CheckFilesOutput[] = [];
    await onThreads.pool.each('check-files', parts, async (output, index) => {
      const part = parts[index] as CheckFilesInput;
      const piece = part.files[0]?.piece;
      if (!piece) {
        take(output, part.files);
        return flush();
      }
      pieces.push(output);
      if (piece.index < piece.of - 1) return;
      const whole = pieces.some((p) => p.stopped === true) ? [await onThreads.pool.run('check-files', { ...part, files: [{ path: part.files[0]?.path ?? '' }] })] : pieces;
      pieces = [];
      for (const out of whole) take(out, part.files);
      flush();
    });
  }
  // the next roots render in their own processes while this thread evaluates the one before
  const toRender = input.roots.filter((root) => root.renderer !== 'plain');
  const renders = renderAhead(toRender, (root) => renderRoot(root, input.dir, input.render), input.renderAhead ?? RENDER_AHEAD);
  for (const root of input.roots) {
    if (root.renderer === 'plain' && onThreads) {
      roots.push({ path: root.path, renderer: 'plain', resources: threadResources.get(root.path) ?? 0 });
      rendered.push({ root: root.path, resources: [] });
      continue;
    }
    if (root.renderer === 'plain') {
      const parsed = readPlainRoot(root.path, input.tree);
      pending.push(parsed);
      roots.push({ path: root.path, renderer: 'plain', resources: parsed.resources.length });
      rendered.push({ root: root.path, resources: keepRendered ? parsed.resources.map((r) => r.object) : [] });
      if (pending.length >= PLAIN_CHUNK) evaluatePending();
      continue;
    }
    const result = await renders.take(root);
    if (isRenderError(result)) {
      roots.push({ path: root.path, renderer: root.renderer, ...variantOf(root), resources: 0, error: result.error });
      findings.push(renderErrorFinding(root, result.error, input.tree));
      continue;
    }
    roots.push({ path: root.path, renderer: root.renderer, ...variantOf(root), resources: result.resources.length, ...(result.omitted ? { omitted: result.omitted } : {}) });
    for (const part of result.omitted ?? []) findings.push(renderErrorFinding(root, part, input.tree, true));
    renderedCount += result.resources.length;
    rendered.push({ root: root.path, resources: keepRendered ? result.resources.map((r) => r.object) : [] });
    const evaluated = evaluateRendered(result.resources, input, root, docs, forResource);
    evaluations += evaluated.evaluations;
    appendAll(findings, evaluated.findings);
    appendAll(renderedFixes, evaluated.fixes);
  }
  evaluatePending();
  // in the order of checking all plain files at once (a stable sort of the parts, which are in file order)
  const plain = sortFindings(plainFindings);
  for (const finding of plain) if (!finding.roots) finding.roots = [finding.file];
  const merged = new Map<Finding, Finding>();
  const kept = dedupeAcrossRoots([...plain, ...findings], { merged, forResource });
  const planned = plannedParts.length > 0 ? joinPlanned(plannedParts) : undefined;
  const sharedFixes = canonicalFindings(mergeSharedFixes(renderedFixes, docs), merged);
  return {
    findings: sortFindings(kept),
    fixes: [...plainFixes, ...(planned ? notPlannedTwice(sharedFixes, planned) : sharedFixes)],
    roots,
    rendered,
    stats: { files: input.tree.paths.length, resources: plainStats.resources + renderedCount, ruleEvaluations: evaluations + plainStats.ruleEvaluations },
    ...(planned ? { planned } : {}),
    ...(sink ? { streamed: true as const } : {}),
  };
}

/**
 * Rendered fixes never land in a plain root's file (a file a kustomization or chart reads is not
 * a plain root), so none may touch a file whose fixes the threads planned; should one, it is
 * not offered (said on its findings), rather than written over the planned edits.
 */
function notPlannedTwice(fixes: readonly ResourceFix[], planned: PlannedFixes): ResourceFix[] {
  const done = new Set(planned.paths);
  const kept: ResourceFix[] = [];
  for (const fix of fixes) {
    if (!done.has(fix.file)) {
      kept.push(fix);
      continue;
    }
    planned.problems.push(`${fix.file} (document ${fix.documentIndex + 1}): the fix of a rendered resource lands in a file already fixed as a plain manifest; it is not offered`);
    for (const finding of fix.findings) {
      finding.fixable = false;
      finding.fixNote = `${fix.file} is also fixed as a plain manifest; fix it there`;
    }
  }
  return kept;
}
