import { isAlias, isMap, isPair, isScalar, isSeq } from '../core/yaml-guards.ts';
import type { Node } from 'yaml';
import { escapePointerSegment } from '../core/json.ts';
import type { LineIndex } from './line-index.ts';
import type { Range } from './types.ts';

export interface RangeWalk {
  ranges: Map<string, Range>;
  /** Offset just after the last character of the root's source. */
  end?: number;
  /** Offset of the first alias (`*name`) met, if any. */
  firstAlias?: number;
  /** Offset of the first collection nested deeper than the limit, if any. */
  tooDeep?: number;
  /** Offset of the first mapping key that is itself a mapping or a list (for `{{ x }}` unquoted: where the action starts), if any. */
  collectionKey?: number;
}

interface Ctx {
  walk: RangeWalk;
  lines: LineIndex;
  maxDepth: number;
  merge: boolean;
}

const PLACEHOLDER: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/**
 * Map every node under `root` to its range, keyed by JSON pointer relative to
 * `root` ('' is `root` itself). A mapping entry spans from its key to the end
 * of its value; a sequence item spans the item. Ends are the end of the last
 * descendant's source, so trailing comments and blank lines are not included.
 * One visit per node, one binary search per position: linear in the document.
 */
export function walkRanges(root: Node, lines: LineIndex, options: { maxDepth: number; merge: boolean }): RangeWalk {
  const walk: RangeWalk = { ranges: new Map() };
  const rootStart = root.range?.[0] ?? 0;
  walk.ranges.set('', PLACEHOLDER);
  const end = visit(root, '', 1, { walk, lines, ...options });
  walk.ranges.set('', lines.range(rootStart, end));
  walk.end = end;
  return walk;
}

/** Visit a node; record ranges of its children; return the node's end offset. */
function visit(node: unknown, pointer: string, depth: number, ctx: Ctx): number {
  if (isScalar(node)) return node.range?.[1] ?? 0;
  if (isAlias(node)) {
    const start = node.range?.[0] ?? 0;
    if (ctx.walk.firstAlias === undefined || start < ctx.walk.firstAlias) ctx.walk.firstAlias = start;
    return node.range?.[1] ?? start;
  }
  if (!isMap(node) && !isSeq(node)) return 0;
  const ownEnd = node.range?.[1] ?? 0;
  if (depth > ctx.maxDepth) {
    ctx.walk.tooDeep ??= node.range?.[0] ?? 0;
    return ownEnd;
  }
  let end = node.items.length === 0 ? ownEnd : 0;
  if (isMap(node)) {
    for (const pair of node.items) {
      // `{{ x }}` is a flow mapping whose key is a mapping: the action starts with the holder
      if (isMap(pair.key) || isSeq(pair.key)) ctx.walk.collectionKey ??= (node.flow === true ? node.range?.[0] : undefined) ?? rangeStart(pair.key);
      end = Math.max(end, visitPair(pair.key, pair.value, pointer, depth, ctx));
    }
  } else {
    node.items.forEach((item, index) => {
      if (isPair(item)) {
        // `[a: 1]`: a single-pair mapping inside a flow sequence.
        end = Math.max(end, visitSinglePair(item.key, item.value, pointer + '/' + index, depth, ctx));
        return;
      }
      const childPointer = pointer + '/' + index;
      const start = rangeStart(item);
      ctx.walk.ranges.set(childPointer, PLACEHOLDER);
      const itemEnd = Math.max(start, visit(item, childPointer, depth + 1, ctx));
      ctx.walk.ranges.set(childPointer, ctx.lines.range(start, itemEnd));
      end = Math.max(end, itemEnd);
    });
  }
  // A flow collection ends at its closing bracket; a block one at its last item.
  return node.flow === true || end === 0 ? ownEnd : end;
}

function visitPair(key: unknown, value: unknown, pointer: string, depth: number, ctx: Ctx): number {
  const keyStart = rangeStart(key);
  const keyEnd = isScalar(key) || isAlias(key) ? (key.range?.[1] ?? keyStart) : keyStart;
  if (!isScalar(key)) {
    // Complex or aliased keys have no JSON pointer; still account for the value's extent.
    return Math.max(keyEnd, visitDetached(value, depth + 1, ctx));
  }
  if (ctx.merge && key.value === '<<' && isMergeSource(value)) {
    // Merge key: the merged fields have no text of their own here; locating one
    // falls back to the mapping that holds them.
    return Math.max(keyEnd, visitDetached(value, depth + 1, ctx));
  }
  const childPointer = pointer + '/' + escapePointerSegment(String(key.value ?? ''));
  ctx.walk.ranges.set(childPointer, PLACEHOLDER);
  const valueEnd = value === null || value === undefined ? keyEnd : visit(value, childPointer, depth + 1, ctx);
  const end = Math.max(keyEnd, valueEnd);
  ctx.walk.ranges.set(childPointer, ctx.lines.range(keyStart, end));
  return end;
}

function visitSinglePair(key: unknown, value: unknown, pointer: string, depth: number, ctx: Ctx): number {
  const start = rangeStart(key);
  ctx.walk.ranges.set(pointer, PLACEHOLDER);
  const end = Math.max(start, visitPair(key, value, pointer, depth + 1, ctx));
  ctx.walk.ranges.set(pointer, ctx.lines.range(start, end));
  return end;
}

/** Visit a value whose nodes have no pointer of their own (complex keys, merge sources). */
function visitDetached(value: unknown, depth: number, ctx: Ctx): number {
  const detached: RangeWalk = { ranges: new Map() };
  const end = visit(value, '', depth, { ...ctx, walk: detached });
  if (detached.firstAlias !== undefined && (ctx.walk.firstAlias === undefined || detached.firstAlias < ctx.walk.firstAlias)) {
    ctx.walk.firstAlias = detached.firstAlias;
  }
  if (detached.tooDeep !== undefined) ctx.walk.tooDeep ??= detached.tooDeep;
  if (detached.collectionKey !== undefined) ctx.walk.collectionKey ??= detached.collectionKey;
  return end;
}

function isMergeSource(value: unknown): boolean {
  return isAlias(value) || isMap(value) || (isSeq(value) && value.items.every((item) => isAlias(item) || isMap(item)));
}

function rangeStart(node: unknown): number {
  if (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node)) return node.range?.[0] ?? 0;
  return 0;
}
