import type { TextEdit } from '../core/finding.ts';
import { deepEqual, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatch } from '../engine/mutate/json-patch.ts';
import { applyOperation, asPatchObject } from './apply-operation.ts';
import { combinePatches } from './combine-patches.ts';
import { editsBetween } from './line-diff.ts';
import { documentJson, parseSource } from './yaml-source.ts';

/** The fix of one finding: a patch against one document of the file. */
export interface DocumentFix {
  documentIndex: number;
  patch: JsonPatchOperation[];
}

function documentsJson(file: string, text: string): Outcome<JsonValue[]> {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return parsed;
  const values: JsonValue[] = [];
  for (const doc of parsed.value.docs) {
    const json = documentJson(doc);
    if (!json.ok) return json;
    values.push(json.value);
  }
  return ok(values);
}

/**
 * Rewrite the text for each document's patch, then check the result: the file must
 * parse, have the same documents, the patched ones equal to the patch applied to their
 * JSON (Kyverno's JSON patch semantics) and the others unchanged.
 */
function rewrite(file: string, text: string, patches: ReadonlyMap<number, JsonPatchOperation[]>): Outcome<string> {
  const before = documentsJson(file, text);
  if (!before.ok) return before;
  const expected = [...before.value];
  let current = text;
  for (const [documentIndex, patch] of patches) {
    const original = before.value[documentIndex];
    if (original === undefined) return err(`the file has no document ${documentIndex}`);
    const patched = applyJsonPatch(original, patch.map(asPatchObject));
    if (!patched.ok) return err(`the patch does not apply to document ${documentIndex}: ${patched.error}`);
    expected[documentIndex] = patched.value;
    for (const op of patch) {
      const applied = applyOperation(file, current, documentIndex, op);
      if (!applied.ok) return applied;
      current = applied.value;
    }
  }
  const after = documentsJson(file, current);
  if (!after.ok) return err(`the edited file does not parse: ${after.error}`);
  if (after.value.length !== expected.length) return err('the edit changed the number of documents');
  const wrong = expected.findIndex((value, i) => !deepEqual(value, after.value[i]));
  if (wrong !== -1) return err(`the edited text of document ${wrong} does not read back as the patched resource (anchors or merge keys shared with other nodes?)`);
  return ok(current);
}

/**
 * Text edits on a file that apply a JSON patch (RFC 6902, with Kyverno's tolerance:
 * missing parents are created by `add`, absent paths are ignored by `remove`) to
 * document `documentIndex` (0-based, empty documents count) of its YAML or JSON text,
 * keeping comments, order, quoting, indentation and the other documents. The edits are
 * checked: an error is returned rather than an edit that would not give the patched resource.
 */
export function editsForPatch(file: string, text: string, documentIndex: number, patch: JsonPatchOperation[]): Outcome<TextEdit[]> {
  return guarded(() => {
    const rewritten = rewrite(file, text, new Map([[documentIndex, patch]]));
    return rewritten.ok ? ok(editsBetween(file, text, rewritten.value)) : rewritten;
  });
}

/** Defensive: nothing here is expected to throw, but a bug must give an error outcome, not a crash. */
function guarded<T>(run: () => Outcome<T>): Outcome<T> {
  try {
    return run();
  } catch (e) {
    return err(`could not compute the edit: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Text edits for several findings' fixes on one file at once. Fixes on the same document
 * are combined in order; an `add` of an object where an earlier fix created one merges
 * into it rather than replacing it (two fixes that each add a `securityContext` keep both).
 */
export function editsForFixes(file: string, text: string, fixes: readonly DocumentFix[]): Outcome<TextEdit[]> {
  return guarded(() => combinedEdits(file, text, fixes));
}

function combinedEdits(file: string, text: string, fixes: readonly DocumentFix[]): Outcome<TextEdit[]> {
  const before = documentsJson(file, text);
  if (!before.ok) return before;
  const byDocument = new Map<number, JsonPatchOperation[][]>();
  for (const fix of fixes) byDocument.set(fix.documentIndex, [...(byDocument.get(fix.documentIndex) ?? []), fix.patch]);
  const combined = new Map<number, JsonPatchOperation[]>();
  for (const [documentIndex, patches] of [...byDocument].sort((a, b) => a[0] - b[0])) {
    const original = before.value[documentIndex];
    if (original === undefined) return err(`the file has no document ${documentIndex}`);
    const patch = combinePatches(original, patches);
    if (!patch.ok) return err(`document ${documentIndex}: ${patch.error}`);
    combined.set(documentIndex, patch.value);
  }
  const rewritten = rewrite(file, text, combined);
  return rewritten.ok ? ok(editsBetween(file, text, rewritten.value)) : rewritten;
}
