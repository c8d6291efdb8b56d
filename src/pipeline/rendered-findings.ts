import type { Finding } from '../core/finding.ts';
import { resourceRef } from '../core/resource-ref.ts';
import type { RuleResult } from '../engine/types.ts';
import type { FileTree, FoundRoot } from '../render/roots/types.ts';
import type { FieldSource, RenderedResource, RendererName } from '../render/types.ts';
import { toFinding } from './findings.ts';

/**
 * Where the findings of a rendered root go: a rule result on the source line a person edits,
 * and a root that does not render on the place its error names, else on its declaring file.
 */

/** The place a render error starts with (`file:line:column: …`, as preadmit's own checks of a kustomization say it), when that file is in the tree. */
function errorPlace(error: string, tree: FileTree): { file: string; line: number; column: number } | undefined {
  const match = /^([^\s:]+):(\d+):(\d+): /.exec(error.trim());
  if (!match) return undefined;
  const [, file = '', line = '1', column = '1'] = match;
  return tree.paths.includes(file) ? { file, line: Number(line), column: Number(column) } : undefined;
}

/** The file that declares a root: its kustomization or Chart.yaml (a plain root is its file). */
export function rootFile(root: string, renderer: RendererName, tree: FileTree): string {
  if (renderer === 'plain') return root;
  const candidates = renderer === 'helm' ? ['Chart.yaml'] : ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
  return candidates.map((c) => (root === '.' ? c : `${root}/${c}`)).find((f) => tree.paths.includes(f)) ?? root;
}

/**
 * A root that failed to render: a located, blocking finding on the root (or on the entry the error names), with the tool's message.
 * `part`: only a part of the root was not rendered (see RenderResult.omitted); the message says what, and that the rest was checked.
 */
export function renderErrorFinding(root: FoundRoot, error: string, tree: FileTree, part = false): Finding {
  const place = errorPlace(error, tree) ?? { file: rootFile(root.path, root.renderer, tree), line: 1, column: 1 };
  return {
    file: place.file,
    line: place.line,
    column: place.column,
    endLine: place.line,
    endColumn: place.column,
    policy: 'preadmit',
    rule: 'render-error',
    layer: 'security',
    severity: 'high',
    action: 'Enforce',
    status: 'error',
    message: part
      ? `${root.renderer} rendered ${root.path} only in part: ${error.trim()}`
      : `${root.renderer} could not render ${root.path}: ${error.trim()} — nothing this root deploys was checked; fix the error so it renders.`,
    path: '',
    fixable: false,
    title: 'Render root does not build',
    roots: [root.path],
  };
}

/**
 * The source of the deepest part of a pointer that has one: the field itself, else its
 * nearest parent that exists in the rendered resource and maps to a source line, else the
 * whole resource (a generated resource: its generator's entry).
 */
function deepestSource(resource: RenderedResource, pointer: string): FieldSource | undefined {
  for (let at = pointer; ; at = at.slice(0, at.lastIndexOf('/'))) {
    const source = resource.sourceOf(at);
    if (source) return source;
    if (at === '') return undefined;
  }
}

/**
 * A rule result on a rendered resource, placed on the source line a person edits. A finding
 * placed where a whole resource is configured (or on the root's file, with no place at all)
 * shares that place with the other resources there: it goes into `forResource` as well, so
 * that each resource keeps its finding (see dedupeAcrossRoots).
 */
export function renderedFinding(result: RuleResult, resource: RenderedResource, fallbackFile: string, forResource: Set<Finding>): Finding | undefined {
  const located = toFinding(result, { object: resource.object, origin: resource.origin });
  if (!located) return undefined;
  const source = deepestSource(resource, located.path);
  const place = source
    ? { file: source.file, line: source.range.start.line, column: source.range.start.column, endLine: source.range.end.line, endColumn: source.range.end.column }
    : { file: fallbackFile, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const finding: Finding = { ...located, ...place, resource: resourceRef(resource.object), roots: [resource.root] };
  if (source === undefined || source.wholeResource === true) forResource.add(finding);
  return finding;
}
