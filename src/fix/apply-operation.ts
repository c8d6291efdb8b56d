import { isMap, isSeq } from '../core/yaml-guards.ts';
import type { Document } from 'yaml';
import { fromPointer, getAtPointer, isArray, isObject, toPointer, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { jsonDiff } from '../engine/fix/json-diff.ts';
import { applyJsonPatch } from '../engine/mutate/json-patch.ts';
import { insertItem, insertPair, removeEntry, replaceValue } from './block-edits.ts';
import { detectLayout } from './detect-layout.ts';
import { resolvePath, type Slot } from './resolve-path.ts';
import { applySplice, type EditContext, type Splice } from './splice.ts';
import { detectEol } from './text-lines.ts';
import { asNode, documentJson, parseSource, sharedDocumentJson, type Collection, type SourceFile } from './yaml-source.ts';

const INDEX = /^-?\d+$/;

/** The value Kyverno's `add` creates for missing parents: `[..nulls, v]` under an index, `{k: v}` under a key. */
function nest(rest: readonly string[], value: JsonValue): JsonValue {
  const [segment, ...more] = rest;
  if (segment === undefined) return value;
  if (segment === '-' || INDEX.test(segment)) {
    const padding = segment === '-' ? 0 : Math.max(0, Number(segment));
    return [...new Array<JsonValue>(padding).fill(null), nest(more, value)];
  }
  return { [segment]: nest(more, value) };
}

const anchoredInside = (anchor: string): string => `it holds the anchor &${anchor}, which an alias elsewhere uses`;

const inFlow = (slot: Slot): boolean =>
  slot.kind === 'pair' ? slot.map.flow === true : slot.kind === 'item' ? slot.seq.flow === true : false;

/** Add a new entry to a collection; an empty `{}`/`[]` in block context becomes a block. */
function addInto(ctx: EditContext, coll: Collection, slot: Slot, key: string, index: number, value: JsonValue): Outcome<Splice> {
  const emptyFlow = coll.flow === true && coll.items.length === 0 && slot.kind !== 'root' && !inFlow(slot);
  if (isMap(coll)) return emptyFlow ? replaceValue(ctx, slot, coll, { [key]: value }) : insertPair(ctx, coll, key, value);
  if (isSeq(coll)) {
    if (index < 0 || index > coll.items.length) return err(`index ${key} is out of bounds`);
    return emptyFlow ? replaceValue(ctx, slot, coll, [value]) : insertItem(ctx, coll, index, value);
  }
  return err('not a collection');
}

function add(ctx: EditContext, doc: Document.Parsed, segments: string[], value: JsonValue): Outcome<Splice | undefined> {
  if (segments.length === 0) return err('replacing a whole document is not supported');
  const resolved = resolvePath(doc, segments);
  switch (resolved.kind) {
    case 'problem':
      return err(resolved.message);
    case 'found': {
      const slot = resolved.slot;
      if (slot.kind === 'item') return insertItem(ctx, slot.seq, slot.index, value);
      if (resolved.sharedInside !== undefined) return err(anchoredInside(resolved.sharedInside));
      return replaceValue(ctx, slot, resolved.node, value);
    }
    case 'missing': {
      const last = resolved.depth === segments.length - 1;
      if (!last && resolved.inherited) return err(`"${segments[resolved.depth] ?? ''}" may come from a merge key (<<); it cannot be edited here`);
      const key = segments[resolved.depth] ?? '';
      if (!last && isSeq(resolved.container) && resolved.index !== resolved.container.items.length) {
        return err(`creating list items beyond the end of a list is not supported`);
      }
      return addInto(ctx, resolved.container, resolved.slot, key, resolved.index, nest(segments.slice(resolved.depth + 1), value));
    }
  }
}

function replace(ctx: EditContext, doc: Document.Parsed, segments: string[], value: JsonValue): Outcome<Splice | undefined> {
  if (segments.length === 0) return err('replacing a whole document is not supported');
  const resolved = resolvePath(doc, segments);
  if (resolved.kind === 'problem') return err(resolved.message);
  if (resolved.kind === 'found') {
    if (resolved.sharedInside !== undefined) return err(anchoredInside(resolved.sharedInside));
    return replaceValue(ctx, resolved.slot, resolved.node, value);
  }
  const last = resolved.depth === segments.length - 1;
  if (last && resolved.inherited && isMap(resolved.container)) return insertPair(ctx, resolved.container, segments[resolved.depth] ?? '', value);
  return err('the path does not exist');
}

function remove(ctx: EditContext, doc: Document.Parsed, segments: string[]): Outcome<Splice | undefined> {
  const resolved = resolvePath(doc, segments);
  if (resolved.kind === 'problem') return err(resolved.message);
  if (resolved.kind === 'missing') {
    // Kyverno removes absent paths silently; a key that comes from a merge key cannot be removed here.
    const json = resolved.inherited ? documentJson(doc) : undefined;
    const present = json?.ok === true && getAtPointer(json.value, toPointer(segments)) !== undefined;
    return present ? err('the key comes from a merge key (<<); it cannot be removed here') : ok(undefined);
  }
  if (resolved.sharedInside !== undefined) return err(anchoredInside(resolved.sharedInside));
  return removeEntry(ctx, resolved.slot, asNode(doc.contents));
}

/**
 * A block mapping (or list) given a new mapping (list of the same or greater length) is
 * changed member by member, so that untouched members keep their text and comments.
 */
export function memberOps(doc: Document.Parsed, segments: string[], value: JsonValue, kind: 'add' | 'replace'): JsonPatchOperation[] | undefined {
  if (segments.length === 0) return undefined;
  const resolved = resolvePath(doc, segments);
  if (resolved.kind !== 'found' || resolved.sharedInside !== undefined) return undefined;
  // `add` at a list index inserts; only `replace` changes the item in place.
  if (resolved.slot.kind === 'root' || (resolved.slot.kind === 'item' && kind === 'add')) return undefined;
  const node = resolved.node;
  const blockMap = isMap(node) && node.flow !== true && isObject(value);
  const blockSeq = isSeq(node) && node.flow !== true && isArray(value);
  if (!blockMap && !blockSeq) return undefined;
  const json = sharedDocumentJson(doc);
  const current = json.ok ? getAtPointer(json.value, toPointer(segments)) : undefined;
  if (current === undefined) return undefined;
  const pointer = toPointer(segments);
  const ops = jsonDiff(current, value, pointer);
  return ops.length === 1 && ops[0]?.path === pointer ? undefined : ops;
}

function applyAll(file: string, text: string, documentIndex: number, ops: readonly JsonPatchOperation[], source: SourceFile): Outcome<string> {
  let current = text;
  for (const op of ops) {
    const applied = applyOperation(file, current, documentIndex, op, source);
    if (!applied.ok) return applied;
    current = applied.value;
  }
  return ok(current);
}

export const asPatchObject = (op: JsonPatchOperation): Record<string, JsonValue> => ({
  op: op.op,
  path: op.path,
  ...(op.value !== undefined ? { value: op.value } : {}),
  ...(op.from !== undefined ? { from: op.from } : {}),
});

/** Apply one JSON patch operation to document `documentIndex` of a file's text, as a text edit. */
export function applyOperation(file: string, text: string, documentIndex: number, op: JsonPatchOperation, source?: SourceFile): Outcome<string> {
  const where = `${op.op} ${op.path || '/'}`;
  const fail = (why: string): Outcome<string> => err(`${where}: ${why}`);
  if (op.path !== '' && !op.path.startsWith('/')) return fail('a path must start with "/"');
  const parsed = source?.text === text ? ok(source) : parseSource(file, text);
  if (!parsed.ok) return parsed;
  const doc = parsed.value.docs[documentIndex];
  if (!doc) return fail(`the file has no document ${documentIndex}`);
  const ctx: EditContext = { text, eol: detectEol(text), layout: detectLayout(text, parsed.value.docs, documentIndex, parsed.value.json) };
  const segments = fromPointer(op.path);
  if (op.op === 'move' || op.op === 'copy' || op.op === 'test') {
    const json = documentJson(doc);
    if (!json.ok) return json;
    if (op.op === 'test') {
      const tested = applyJsonPatch(json.value, [asPatchObject(op)]);
      return tested.ok ? ok(text) : fail(tested.error);
    }
    const from = op.from === undefined ? undefined : getAtPointer(json.value, op.from);
    if (op.from === undefined || from === undefined) return fail(`"from" ${op.from ?? '(missing)'} does not exist`);
    const removed = op.op === 'move' ? applyOperation(file, text, documentIndex, { op: 'remove', path: op.from }, parsed.value) : ok(text);
    if (!removed.ok) return removed;
    return applyOperation(file, removed.value, documentIndex, { op: 'add', path: op.path, value: from }, parsed.value);
  }
  const value = op.value ?? null;
  if (op.op === 'add' || op.op === 'replace') {
    const members = memberOps(doc, segments, value, op.op);
    if (members) return applyAll(file, text, documentIndex, members, parsed.value);
  }
  const splice = spliceOf(ctx, doc, op.op, segments, value);
  if (!splice.ok) return fail(splice.error);
  return ok(splice.value ? applySplice(text, splice.value) : text);
}

export function spliceOf(ctx: EditContext, doc: Document.Parsed, kind: 'add' | 'replace' | 'remove', segments: string[], value: JsonValue): Outcome<Splice | undefined> {
  return kind === 'add' ? add(ctx, doc, segments, value) : kind === 'replace' ? replace(ctx, doc, segments, value) : remove(ctx, doc, segments);
}
