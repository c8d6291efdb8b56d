import type { Finding } from '../core/finding.ts';
import { deepEqual, getAtPointer, type JsonValue } from '../core/json.ts';
import { jsonDiff } from '../engine/fix/json-diff.ts';
import type { AdmissionInput, JsonPatchOperation, RuleResult } from '../engine/types.ts';
import type { Policy } from '../policy/types.ts';
import type { RenderedResource, SourceOperation } from '../render/types.ts';
import type { ResourceFix } from './check.ts';
import { composeFixes } from './compose-fixes.ts';
import { ownFixPatch } from './own-fix.ts';
import { applyOperation, type SourceDocuments } from './source-documents.ts';

const sameRule = (a: RuleResult, b: RuleResult): boolean => a.policy.name === b.policy.name && a.rule === b.rule;

/** A finding whose rule has a fix that gets no source edit: it keeps the patch and says why. */
function noEdit(finding: Finding, why: string): void {
  finding.fixable = false;
  finding.fixNote = why;
}

interface Target {
  file: string;
  documentIndex: number;
  original: JsonValue;
  current: JsonValue;
}

const targetKey = (s: { file: string; documentIndex: number }): string => `${s.file}\u0000${s.documentIndex}`;

type Mapped = { ok: true; ops: SourceOperation[] } | { ok: false; error: string };

function mapAll(resource: RenderedResource, ops: readonly JsonPatchOperation[]): Mapped {
  const out: SourceOperation[] = [];
  for (const op of ops) {
    const mapped = resource.sourceOperation?.(op) ?? { ok: false as const, error: 'this renderer gives no source edits' };
    if (!mapped.ok) return { ok: false, error: mapped.error };
    out.push(mapped.value);
  }
  return { ok: true, ops: out };
}

/** Apply source operations to the documents they name (copies), or say why they do not apply. */
function applyAll(ops: readonly SourceOperation[], documents: Map<string, Target>, docs: SourceDocuments): { ok: true; next: Map<string, JsonValue> } | { ok: false; error: string } {
  const next = new Map<string, JsonValue>();
  for (const { file, documentIndex, op } of ops) {
    const key = targetKey({ file, documentIndex });
    let target = documents.get(key);
    if (!target) {
      const original = docs.get(file, documentIndex);
      if (original === undefined) return { ok: false, error: `${file} cannot be read (document ${documentIndex + 1})` };
      target = { file, documentIndex, original, current: original };
      documents.set(key, target);
    }
    const applied = applyOperation(next.get(key) ?? target.current, op);
    if (!applied.ok) return { ok: false, error: `the fix does not apply to ${file}: ${applied.error}` };
    next.set(key, applied.value);
  }
  return { ok: true, next };
}

/**
 * The fixes of a rendered resource as edits of the source documents where each changed field
 * is defined (the renderer's `sourceOperation`: a base resource, the overlay patch that sets
 * the field, a values-file key). Fixes compose in layer order as everywhere; a fix some of
 * whose operations have no source edit (a field a kustomization entry or a Helm template
 * writes, a value an overlay owns) is not applied: its finding keeps the patch, is not
 * fixable and says why. One ResourceFix per source document touched.
 */
export function renderedSourceFixes(
  resource: RenderedResource,
  docs: SourceDocuments,
  policies: readonly Policy[],
  results: readonly RuleResult[],
  findings: ReadonlyMap<RuleResult, Finding>,
  input: Omit<AdmissionInput, 'resource'>,
): ResourceFix[] {
  const composed = composeFixes({ ...input, resource: resource.object }, policies, results);
  const findingOf = (result: RuleResult): Finding | undefined => [...findings].find(([r]) => sameRule(r, result))?.[1];
  for (const [result, finding] of findings) {
    if (result.fix === undefined || composed.applied.some((a) => sameRule(a.result, result))) continue;
    const rejected = composed.rejected.find((r) => sameRule(r.result, result));
    noEdit(finding, rejected ? `no fix offered: ${rejected.reason}` : 'no fix offered: another layer\'s fix sets the same fields');
  }
  const documents = new Map<string, Target>();
  const accepted: { finding: Finding; result: RuleResult; targets: Set<string> }[] = [];
  for (const { result } of composed.applied) {
    const finding = findingOf(result);
    if (!finding) continue;
    const composedOps = composed.applied.find((a) => sameRule(a.result, result))?.patch ?? [];
    const mapped = mapAll(resource, composedOps);
    if (!mapped.ok) {
      noEdit(finding, mapped.error);
      continue;
    }
    const applied = applyAll(mapped.ops, documents, docs);
    if (!applied.ok) {
      noEdit(finding, applied.error);
      continue;
    }
    for (const [key, value] of applied.next) {
      const target = documents.get(key);
      if (target) target.current = value;
    }
    finding.fixable = true;
    delete finding.fixNote;
    accepted.push({ finding, result, targets: new Set(applied.next.keys()) });
  }
  const fixes: ResourceFix[] = [];
  for (const [key, target] of documents) {
    const patch = jsonDiff(target.original, target.current);
    if (patch.length === 0) continue;
    const fixed = accepted.filter((a) => a.targets.has(key));
    const own = new Map<Finding, JsonPatchOperation[]>();
    for (const { finding, result } of fixed) {
      const mapped = mapAll(resource, ownFixPatch(result, composed) ?? []);
      if (!mapped.ok) continue;
      const alone = new Map<string, Target>([[key, { ...target, current: target.original }]]);
      const applied = applyAll(mapped.ops.filter((s) => targetKey(s) === key), alone, docs);
      const after = applied.ok ? applied.next.get(key) : undefined;
      if (after !== undefined) own.set(finding, jsonDiff(target.original, after));
    }
    fixes.push({ file: target.file, documentIndex: target.documentIndex, patch, findings: fixed.map((a) => a.finding), own });
  }
  return fixes;
}

/**
 * Fixes of one source document from several roots (a base two overlays share, a component)
 * become one: kept when every root's operations hold in the result whichever order they
 * are applied in; a root whose fix disagrees with another's (a value that differs per
 * overlay) gets no edit there, and its findings say so.
 */
export function mergeSharedFixes(fixes: readonly ResourceFix[], docs: SourceDocuments): ResourceFix[] {
  const groups = new Map<string, ResourceFix[]>();
  for (const fix of fixes) groups.set(targetKey(fix), [...(groups.get(targetKey(fix)) ?? []), fix]);
  const out: ResourceFix[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const same = group.every((fix) => JSON.stringify(fix.patch) === JSON.stringify(first.patch));
    const original = docs.get(first.file, first.documentIndex);
    if (same || original === undefined) {
      out.push(combine(group, first.patch));
      continue;
    }
    const forward = applyInOrder(original, group);
    const backward = applyInOrder(original, [...group].reverse());
    const kept = group.filter((fix) => forward !== undefined && backward !== undefined && holds(fix.patch, forward) && holds(fix.patch, backward));
    for (const fix of group) {
      if (kept.includes(fix)) continue;
      for (const finding of fix.findings) noEdit(finding, `the fix of ${fix.file} differs between the roots that render it (a value one of them owns); apply it in each overlay`);
    }
    const result = applyInOrder(original, kept);
    if (kept.length === 0 || result === undefined) continue;
    out.push(combine(kept, jsonDiff(original, result)));
  }
  return out;
}

function combine(group: readonly ResourceFix[], patch: JsonPatchOperation[]): ResourceFix {
  const first = group[0] as ResourceFix;
  const own = new Map<Finding, JsonPatchOperation[]>();
  for (const fix of group) for (const [finding, ops] of fix.own) own.set(finding, ops);
  return { file: first.file, documentIndex: first.documentIndex, patch, findings: [...new Set(group.flatMap((f) => f.findings))], own };
}

function applyInOrder(original: JsonValue, fixes: readonly ResourceFix[]): JsonValue | undefined {
  let current = original;
  for (const fix of fixes) {
    for (const op of fix.patch) {
      const applied = applyOperation(current, op);
      if (!applied.ok) return undefined;
      current = applied.value;
    }
  }
  return current;
}

function holds(patch: readonly JsonPatchOperation[], document: JsonValue): boolean {
  return patch.every((op) => {
    const at = getAtPointer(document, op.path);
    return op.op === 'remove' ? at === undefined : deepEqual(at, op.value);
  });
}
