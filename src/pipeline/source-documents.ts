import { cloneJson, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatch } from '../engine/mutate/json-patch.ts';
import { documentJson, parseSource } from '../fix/yaml-source.ts';
import type { FileTree } from '../render/roots/types.ts';

/** The documents of the tree's source files as JSON, indexed as edits index them; each file is parsed once. */
export interface SourceDocuments {
  get(file: string, documentIndex: number): JsonValue | undefined;
}

export function sourceDocuments(tree: Pick<FileTree, 'read'>): SourceDocuments {
  const cache = new Map<string, (JsonValue | undefined)[] | undefined>();
  const load = (file: string): (JsonValue | undefined)[] | undefined => {
    const text = tree.read(file);
    if (text === undefined) return undefined;
    const parsed = parseSource(file, text);
    if (!parsed.ok) return undefined;
    return parsed.value.docs.map((doc) => {
      const json = documentJson(doc);
      return json.ok ? json.value : undefined;
    });
  };
  return {
    get(file, documentIndex) {
      if (!cache.has(file)) cache.set(file, load(file));
      const docs = cache.get(file);
      const doc = docs?.[documentIndex];
      return doc === undefined ? undefined : cloneJson(doc);
    },
  };
}

/** Apply one operation as Kyverno does (an `add` creates the mappings its path lacks). */
export function applyOperation(document: JsonValue, op: JsonPatchOperation): Outcome<JsonValue> {
  const raw: Record<string, JsonValue> = { op: op.op, path: op.path };
  if (op.value !== undefined) raw['value'] = op.value;
  if (op.from !== undefined) raw['from'] = op.from;
  const applied = applyJsonPatch(document, [raw]);
  return applied.ok ? ok(applied.value) : err(applied.error);
}
