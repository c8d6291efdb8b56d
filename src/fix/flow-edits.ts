import type { JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { flowText, keyText } from './render-value.ts';
import type { EditContext, Splice } from './splice.ts';
import { column, contentEnd, lineStart, startOf, type Collection } from './yaml-source.ts';

/** Start and end of a flow collection's brackets. */
function brackets(coll: Collection): Outcome<{ open: number; close: number }> {
  const open = coll.range?.[0];
  const end = coll.range?.[1];
  if (open === undefined || end === undefined) return err('a flow collection without a position');
  return ok({ open, close: end - 1 });
}

function itemSpan(ctx: EditContext, coll: Collection, index: number): Outcome<{ start: number; end: number }> {
  const item = coll.items[index];
  const start = startOf(item);
  const end = contentEnd(ctx.text, item);
  if (start === undefined || end === undefined) return err(`item ${index} of a flow collection has no position`);
  return ok({ start, end });
}

/** Separator before a new item: on its own line, aligned, when the collection has one item a line. */
function separator(ctx: EditContext, coll: Collection, itemStart: number): string {
  const open = coll.range?.[0] ?? 0;
  if (lineStart(ctx.text, itemStart) === lineStart(ctx.text, open)) return ', ';
  return `,${ctx.eol}${' '.repeat(column(ctx.text, itemStart))}`;
}

/** Insert an entry (`key: value` for a mapping) into a flow collection before item `index` (or at the end). */
export function flowInsert(ctx: EditContext, coll: Collection, index: number, key: string | undefined, value: JsonValue): Outcome<Splice> {
  const entry = key === undefined ? flowText(value, ctx.layout) : `${keyText(key, ctx.layout, true)}: ${flowText(value, ctx.layout)}`;
  const marks = brackets(coll);
  if (!marks.ok) return marks;
  if (coll.items.length === 0) return ok({ start: marks.value.open + 1, end: marks.value.close, text: entry });
  if (index < coll.items.length) {
    const span = itemSpan(ctx, coll, index);
    if (!span.ok) return span;
    const sep = separator(ctx, coll, span.value.start);
    return ok({ start: span.value.start, end: span.value.start, text: entry + sep });
  }
  const last = itemSpan(ctx, coll, coll.items.length - 1);
  if (!last.ok) return last;
  return ok({ start: last.value.end, end: last.value.end, text: separator(ctx, coll, last.value.start) + entry });
}

/** Remove item `index` of a flow collection with its comma. */
export function flowRemove(ctx: EditContext, coll: Collection, index: number): Outcome<Splice> {
  const marks = brackets(coll);
  if (!marks.ok) return marks;
  if (coll.items.length === 1) return ok({ start: marks.value.open + 1, end: marks.value.close, text: '' });
  if (index < coll.items.length - 1) {
    const here = itemSpan(ctx, coll, index);
    const next = itemSpan(ctx, coll, index + 1);
    if (!here.ok) return here;
    if (!next.ok) return next;
    return ok({ start: here.value.start, end: next.value.start, text: '' });
  }
  const before = itemSpan(ctx, coll, index - 1);
  const here = itemSpan(ctx, coll, index);
  if (!before.ok) return before;
  if (!here.ok) return here;
  return ok({ start: before.value.end, end: here.value.end, text: '' });
}
