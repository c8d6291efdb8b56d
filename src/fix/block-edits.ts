import { Scalar } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from '../core/yaml-guards.ts';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { isArray, isObject, type JsonPrimitive, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { flowInsert, flowRemove } from './flow-edits.ts';
import { flowText, itemLines, keyText, pairLines } from './render-value.ts';
import type { Slot } from './resolve-path.ts';
import { scalarText, type QuoteStyle } from './scalar-text.ts';
import { insertLines, replaceToLineEnd, type EditContext, type Splice } from './splice.ts';
import { afterLine, column, contentEnd, dashOffset, firstOnLine, keyString, lineStart, pastTrailingComments, type Collection } from './yaml-source.ts';

const isCollectionValue = (value: JsonValue): boolean => isArray(value) || isObject(value);

/** Add `key: value` at the end of a mapping (the key is not there). */
export function insertPair(ctx: EditContext, map: YAMLMap<unknown, unknown>, key: string, value: JsonValue): Outcome<Splice> {
  if (map.flow === true || map.items.length === 0) return flowInsert(ctx, map, map.items.length, key, value);
  const firstKey = map.items[0]?.key;
  const end = contentEnd(ctx.text, map);
  if (!isScalar(firstKey) || !firstKey.range || end === undefined) return err('a mapping whose keys have no position');
  const col = column(ctx.text, firstKey.range[0]);
  const lines = pairLines(key, value, col, ctx.layout);
  return ok(insertLines(ctx, pastTrailingComments(ctx.text, afterLine(ctx.text, end), col), lines));
}

/** Add an item to a sequence before `index` (at the end when index is its length). */
export function insertItem(ctx: EditContext, seq: YAMLSeq<unknown>, index: number, value: JsonValue): Outcome<Splice> {
  if (seq.flow === true || seq.items.length === 0) return flowInsert(ctx, seq, index, undefined, value);
  const firstDash = dashOffset(seq, 0);
  if (firstDash === undefined) return err('a block sequence without `-` positions');
  const col = column(ctx.text, firstDash);
  const lines = itemLines(value, col, ctx.layout);
  if (index < seq.items.length) {
    const dash = dashOffset(seq, index);
    if (dash === undefined || !firstOnLine(ctx.text, dash)) return err('cannot insert before an item that does not start its line');
    return ok(insertLines(ctx, lineStart(ctx.text, dash), lines));
  }
  const end = contentEnd(ctx.text, seq);
  if (end === undefined) return err('a block sequence without a position');
  return ok(insertLines(ctx, pastTrailingComments(ctx.text, afterLine(ctx.text, end), col), lines));
}

function quoteStyle(node: Scalar): QuoteStyle {
  if (node.type === Scalar.QUOTE_SINGLE) return 'single';
  if (node.type === Scalar.QUOTE_DOUBLE) return 'double';
  return 'plain';
}

function inFlow(slot: Slot): boolean {
  return slot.kind === 'pair' ? slot.map.flow === true : slot.kind === 'item' ? slot.seq.flow === true : false;
}

/** Replace the value in `slot` (currently `old`) by `value`, rewriting as little as possible. */
export function replaceValue(ctx: EditContext, slot: Slot, old: Node | null, value: JsonValue): Outcome<Splice> {
  if (slot.kind === 'root') return err('replacing a whole document is not supported');
  const flow = inFlow(slot);
  const oldEnd = old ? contentEnd(ctx.text, old) : undefined;
  const oldStart = old?.range?.[0];
  const emptyOld = oldStart !== undefined && oldEnd === oldStart;
  const lead = emptyOld && !/\s/.test(ctx.text[oldStart - 1] ?? '') ? ' ' : '';
  if (oldStart !== undefined && oldEnd !== undefined && (isScalar(old) || isAlias(old)) && !isCollectionValue(value)) {
    const preferred = isScalar(old) ? quoteStyle(old) : 'plain';
    const text = scalarText(value as JsonPrimitive, { preferred, fallback: ctx.layout.quote, inFlow: flow, json: ctx.layout.json });
    return ok({ start: oldStart, end: oldEnd, text: lead + text });
  }
  const oldFlow = (isMap(old) || isSeq(old)) && old.flow === true && old.items.length > 0;
  if (oldStart !== undefined && oldEnd !== undefined && (flow || (oldFlow && isCollectionValue(value)))) {
    return ok({ start: oldStart, end: oldEnd, text: lead + flowText(value, ctx.layout) });
  }
  return rewriteBlockEntry(ctx, slot, old, value);
}

/** Write the whole entry (key and value, or item) again in block style, keeping what precedes it on its line. */
function rewriteBlockEntry(ctx: EditContext, slot: Exclude<Slot, { kind: 'root' }>, old: Node | null, value: JsonValue): Outcome<Splice> {
  if (slot.kind === 'pair') {
    const pair = slot.map.items[slot.index];
    const key = pair ? keyString(pair) : undefined;
    const keyNode = pair?.key;
    const end = contentEnd(ctx.text, pair);
    if (!pair || key === undefined || !isScalar(keyNode) || !keyNode.range || end === undefined) return err('an entry without a position');
    const start = keyNode.range[0];
    const col = column(ctx.text, start);
    const lines = pairLines(key, value, col, ctx.layout);
    const keySource = ctx.text.slice(keyNode.range[0], keyNode.range[1]);
    lines[0] = keySource + (lines[0] ?? '').slice(col + keyText(key, ctx.layout, false).length);
    return ok(replaceToLineEnd(ctx, start, afterLine(ctx.text, end), lines));
  }
  const dash = dashOffset(slot.seq, slot.index);
  if (dash === undefined) return err('a sequence item without a position');
  const end = (old ? contentEnd(ctx.text, old) : undefined) ?? dash + 1;
  const lines = itemLines(value, column(ctx.text, dash), ctx.layout);
  lines[0] = (lines[0] ?? '').slice(column(ctx.text, dash));
  return ok(replaceToLineEnd(ctx, dash, afterLine(ctx.text, end), lines));
}

function containerOf(slot: Exclude<Slot, { kind: 'root' }>): Collection {
  return slot.kind === 'pair' ? slot.map : slot.seq;
}

/** The node in a slot (`root`: the document's contents). */
function nodeIn(slot: Slot, root: Node | null): Node | null {
  if (slot.kind === 'root') return root;
  const item = slot.kind === 'pair' ? slot.map.items[slot.index]?.value : slot.seq.items[slot.index];
  return isScalar(item) || isAlias(item) || isMap(item) || isSeq(item) ? item : null;
}

/** Remove the entry or item in `slot`; the last one of a collection leaves `{}` or `[]`. */
export function removeEntry(ctx: EditContext, slot: Slot, root: Node | null): Outcome<Splice> {
  if (slot.kind === 'root') return err('removing a whole document is not supported');
  const coll = containerOf(slot);
  if (coll.flow === true) return flowRemove(ctx, coll, slot.index);
  if (coll.items.length === 1) return replaceValue(ctx, slot.up, nodeIn(slot.up, root), isMap(coll) ? {} : []);
  const item = coll.items[slot.index];
  const start = slot.kind === 'pair' ? slot.map.items[slot.index]?.key : undefined;
  const startOffset = slot.kind === 'pair' ? (isScalar(start) ? start.range?.[0] : undefined) : dashOffset(slot.seq, slot.index);
  const end = contentEnd(ctx.text, item);
  if (startOffset === undefined || end === undefined) return err('an entry without a position');
  if (firstOnLine(ctx.text, startOffset)) {
    return ok({ start: lineStart(ctx.text, startOffset), end: afterLine(ctx.text, end), text: '' });
  }
  // First entry of a `- key: value` item: pull the next entry up onto the dash line.
  const next = coll.items[slot.index + 1];
  const nextKey = slot.kind === 'pair' && slot.index === 0 ? slot.map.items[1]?.key : undefined;
  const nextOffset = slot.kind === 'pair' ? (isScalar(nextKey) ? nextKey.range?.[0] : undefined) : dashOffset(slot.seq, slot.index + 1);
  if (next === undefined || nextOffset === undefined || column(ctx.text, nextOffset) !== column(ctx.text, startOffset)) {
    return err('cannot remove an entry that shares its line with others');
  }
  return ok({ start: startOffset, end: nextOffset, text: '' });
}
