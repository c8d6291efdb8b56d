import type { Finding } from '../core/finding.ts';
import { getAtPointer } from '../core/json.ts';
import { jsonDiff } from '../engine/fix/json-diff.ts';
import type { AdmissionInput, JsonPatchOperation, RuleResult } from '../engine/types.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { Range, SourcedResource } from '../manifest/types.ts';
import type { Policy } from '../policy/types.ts';
import type { FileTree } from '../render/roots/types.ts';
import type { RenderedResource } from '../render/types.ts';
import type { ResourceFix } from './check.ts';
import { composeFixes } from './compose-fixes.ts';

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;

/** The deepest pointer of an operation that exists in the rendered resource (what a source line can be found for). */
function anchorPointer(op: JsonPatchOperation, resource: RenderedResource): string {
  let pointer = op.path;
  while (pointer !== '' && getAtPointer(resource.object, pointer) === undefined) pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  return pointer;
}

/** The source document and pointer whose node is exactly at a range, in a file of the tree. */
function sourceNode(tree: FileTree, file: string, range: Range, kind: unknown): { resource: SourcedResource; pointer: string } | undefined {
  const text = tree.read(file);
  if (text === undefined) return undefined;
  for (const resource of parseManifestText(file, text).resources) {
    if (resource.object['kind'] !== kind) continue;
    for (const [pointer, at] of resource.origin.ranges) if (sameRange(at, range)) return { resource, pointer };
  }
  return undefined;
}

/**
 * The fix of a rendered resource as an edit of the one source file a person edits: every
 * operation must land in the same source document of the same kind (a base resource, or a
 * patch that already sets those fields). Anything else — fields set by a kustomization
 * entry, a Helm template, several files — has no source edit; its patch stays on the finding.
 */
export function renderedSourceFix(
  resource: RenderedResource,
  tree: FileTree,
  policies: readonly Policy[],
  results: readonly RuleResult[],
  findings: ReadonlyMap<RuleResult, Finding>,
  input: Omit<AdmissionInput, 'resource'>,
): ResourceFix | undefined {
  const composed = composeFixes({ ...input, resource: resource.object }, policies, results);
  const patch = jsonDiff(resource.object, composed.patched);
  if (patch.length === 0) return undefined;
  let target: { resource: SourcedResource; file: string } | undefined;
  const mapped: JsonPatchOperation[] = [];
  for (const op of patch) {
    const anchor = anchorPointer(op, resource);
    const source = resource.sourceOf(anchor);
    if (!source) return undefined;
    const node = sourceNode(tree, source.file, source.range, resource.object['kind']);
    if (!node) return undefined;
    if (target && (target.file !== source.file || target.resource.origin.documentIndex !== node.resource.origin.documentIndex)) return undefined;
    target = { resource: node.resource, file: source.file };
    mapped.push({ ...op, path: node.pointer + op.path.slice(anchor.length) });
  }
  if (!target) return undefined;
  const applied = new Set(composed.applied.map((a) => `${a.result.policy.name}/${a.result.rule}`));
  const fixed = [...findings].filter(([r]) => applied.has(`${r.policy.name}/${r.rule}`)).map(([, f]) => f);
  if (fixed.length === 0) return undefined;
  return { file: target.file, documentIndex: target.resource.origin.documentIndex, patch: mapped, findings: fixed };
}
