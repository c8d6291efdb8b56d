import type { Finding } from '../core/finding.ts';
import type { JsonValue } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import { evaluatePolicies } from '../engine/evaluate.ts';
import type { RuleResult } from '../engine/types.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { ParsedFile } from '../manifest/types.ts';
import type { PolicyException } from '../policy/exceptions.ts';
import type { Policy } from '../policy/types.ts';
import { renderRoot } from '../render/render-root.ts';
import type { FileTree, FoundRoot } from '../render/roots/types.ts';
import { isRenderError, type RenderedResource, type RendererName, type RenderOptions } from '../render/types.ts';
import { sortFindings } from '../report/order.ts';
import { checkParsedFiles, type ResourceFix } from './check.ts';
import { dedupeAcrossRoots } from './dedupe-roots.ts';
import { toFinding } from './findings.ts';
import { renderedSourceFix } from './rendered-fixes.ts';
import type { RootResources } from './rendered-diff.ts';

/** One render root of a run, as `--format json` reports it. */
export interface RootReport {
  path: string;
  renderer: RendererName;
  resources: number;
  error?: string;
}

export interface TreeCheckResult {
  findings: Finding[];
  fixes: ResourceFix[];
  roots: RootReport[];
  rendered: RootResources[];
  stats: { files: number; resources: number; ruleEvaluations: number };
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
  /** Derive fixes (default true); the base side of a comparison does not need them. */
  fixes?: boolean;
}

/** A root that failed to render: a located, blocking finding on the root, with the tool's message. */
function renderErrorFinding(root: FoundRoot, error: string, tree: FileTree): Finding {
  const candidates = root.renderer === 'helm' ? ['Chart.yaml'] : ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
  const file = root.renderer === 'plain' ? root.path : (candidates.map((c) => (root.path === '.' ? c : `${root.path}/${c}`)).find((f) => tree.paths.includes(f)) ?? root.path);
  return {
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    policy: 'preadmit',
    rule: 'render-error',
    layer: 'security',
    severity: 'high',
    action: 'Enforce',
    status: 'error',
    message: `${root.renderer} could not render ${root.path}: ${error.trim()} — nothing this root deploys was checked; fix the error so it renders.`,
    path: '',
    fixable: false,
    title: 'Render root does not build',
    roots: [root.path],
  };
}

/** A rule result on a rendered resource, placed on the source line a person edits. */
function renderedFinding(result: RuleResult, resource: RenderedResource): Finding | undefined {
  const located = toFinding(result, { object: resource.object, origin: resource.origin });
  if (!located) return undefined;
  const source = resource.sourceOf(located.path);
  const place = source
    ? { file: source.file, line: source.range.start.line, column: source.range.start.column, endLine: source.range.end.line, endColumn: source.range.end.column }
    : { file: resource.root, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { ...located, ...place, resource: resourceRef(resource.object), roots: [resource.root] };
}

function evaluateRendered(resources: readonly RenderedResource[], input: TreeCheckInput): { findings: Finding[]; fixes: ResourceFix[]; evaluations: number } {
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
  for (const resource of resources) {
    const results = evaluatePolicies(input.policies, { ...admission, resource: resource.object });
    evaluations += results.length;
    const own = new Map<RuleResult, Finding>();
    for (const result of results) {
      const finding = renderedFinding(result, resource);
      if (!finding) continue;
      findings.push(finding);
      own.set(result, finding);
    }
    if (!withFixes || !results.some((r) => r.fix !== undefined)) continue;
    const fix = renderedSourceFix(resource, input.tree, input.policies, results, own, admission);
    if (fix) fixes.push(fix);
  }
  return { findings, fixes, evaluations };
}

/** One source fix per document and patch: a base shared by several overlays is fixed once. */
function uniqueFixes(fixes: readonly ResourceFix[]): ResourceFix[] {
  const byKey = new Map<string, ResourceFix>();
  for (const fix of fixes) {
    const key = `${fix.file}\u0000${fix.documentIndex}\u0000${JSON.stringify(fix.patch)}`;
    const seen = byKey.get(key);
    if (seen) seen.findings.push(...fix.findings);
    else byKey.set(key, { ...fix, findings: [...fix.findings] });
  }
  return [...byKey.values()];
}

/**
 * Check a tree root by root: plain files as written (fixes become edits of the file),
 * kustomize overlays and Helm charts as they render (findings placed on the source lines
 * the fields come from). A root that does not render is a blocking finding, never a pass.
 * Findings from several roots on one source line are reported once, naming the roots.
 */
export async function checkTree(input: TreeCheckInput): Promise<TreeCheckResult> {
  const plainFiles: ParsedFile[] = [];
  const findings: Finding[] = [];
  const roots: RootReport[] = [];
  const rendered: RootResources[] = [];
  let evaluations = 0;
  let renderedCount = 0;
  const renderedFixes: ResourceFix[] = [];
  for (const root of input.roots) {
    if (root.renderer === 'plain') {
      const text = input.tree.read(root.path);
      const parsed = parseManifestText(root.path, text ?? '');
      if (text === undefined) parsed.problems.push({ file: root.path, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message: 'cannot read the file (binary, unreadable or too large)' });
      plainFiles.push(parsed);
      roots.push({ path: root.path, renderer: 'plain', resources: parsed.resources.length });
      rendered.push({ root: root.path, resources: parsed.resources.map((r) => r.object) });
      continue;
    }
    const result = await renderRoot(root, input.dir, input.render);
    if (isRenderError(result)) {
      roots.push({ path: root.path, renderer: root.renderer, resources: 0, error: result.error });
      findings.push(renderErrorFinding(root, result.error, input.tree));
      continue;
    }
    roots.push({ path: root.path, renderer: root.renderer, resources: result.resources.length });
    renderedCount += result.resources.length;
    rendered.push({ root: root.path, resources: result.resources.map((r) => r.object) });
    const evaluated = evaluateRendered(result.resources, input);
    evaluations += evaluated.evaluations;
    findings.push(...evaluated.findings);
    renderedFixes.push(...evaluated.fixes);
  }
  const plain = checkParsedFiles(plainFiles, input.policies, input.exceptions, input.variables, { fixes: input.fixes !== false });
  for (const finding of plain.findings) if (!finding.roots) finding.roots = [finding.file];
  return {
    findings: sortFindings(dedupeAcrossRoots([...plain.findings, ...findings])),
    fixes: [...plain.fixes, ...uniqueFixes(renderedFixes)],
    roots,
    rendered,
    stats: { files: input.tree.paths.length, resources: plain.stats.resources + renderedCount, ruleEvaluations: evaluations + plain.stats.ruleEvaluations },
  };
}
