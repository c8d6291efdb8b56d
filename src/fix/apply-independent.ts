import { isSeq } from '../core/yaml-guards.ts';
import type { Document } from 'yaml';
import { fromPointer } from '../core/json.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { memberOps, spliceOf } from './apply-operation.ts';
import { detectLayout } from './detect-layout.ts';
import { resolvePath } from './resolve-path.ts';
import { applySplice, type EditContext, type Splice } from './splice.ts';
import { detectEol } from './text-lines.ts';
import type { SourceFile } from './yaml-source.ts';

/** add/replace/remove operations with a block mapping or list value split into member operations, as applyOperation does. */
function flatOperations(doc: Document.Parsed, ops: readonly JsonPatchOperation[], depth = 0): JsonPatchOperation[] | undefined {
  const flat: JsonPatchOperation[] = [];
  for (const op of ops) {
    if ((op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove') || !op.path.startsWith('/')) return undefined;
    const members = op.op === 'remove' ? undefined : memberOps(doc, fromPointer(op.path), op.value ?? null, op.op);
    if (!members) {
      flat.push(op);
      continue;
    }
    const inner = depth < 8 ? flatOperations(doc, members, depth + 1) : undefined;
    if (!inner) return undefined;
    for (const m of inner) flat.push(m);
  }
  return flat;
}

/**
 * The part of the document an operation rewrites, as pointer segments: the node it replaces
 * or removes, the key it creates (with any missing parents), or the whole list when it inserts
 * or removes a list item (the later items move). Undefined when the path cannot be resolved.
 */
function touchedPart(doc: Document.Parsed, op: JsonPatchOperation, segments: string[]): string[] | undefined {
  const resolved = resolvePath(doc, segments);
  if (resolved.kind === 'problem') return undefined;
  if (resolved.kind === 'missing') {
    const container = resolved.container;
    // a new list item, or the first entry of an empty collection, rewrites the collection's text
    const whole = isSeq(container) || container.items.length === 0;
    return whole ? segments.slice(0, resolved.depth) : segments.slice(0, resolved.depth + 1);
  }
  const slot = resolved.slot;
  if (slot.kind === 'root') return segments;
  const container = slot.kind === 'pair' ? slot.map : slot.seq;
  if (container.flow === true) return segments.slice(0, -1);
  if (slot.kind === 'item' && op.op !== 'replace') return segments.slice(0, -1);
  // removing the last entry leaves `{}` or `[]` in place of the collection
  if (op.op === 'remove' && container.items.length === 1) return segments.slice(0, -1);
  return segments;
}

const startsWith = (path: readonly string[], prefix: readonly string[]): boolean => prefix.length <= path.length && prefix.every((s, i) => path[i] === s);

/**
 * Whether new members (their paths and the parts they rewrite) clash with the run's members or
 * with each other: one's path lies in a part another rewrites.
 */
function clashes(paths: readonly string[][], touched: readonly string[][], mine: readonly string[][], parts: readonly string[][]): boolean {
  for (const [i, path] of mine.entries()) {
    const part = parts[i] ?? [];
    for (const [j, other] of paths.entries()) if (startsWith(other, part) || startsWith(path, touched[j] ?? [])) return true;
    for (const [k, other] of mine.entries()) if (k !== i && (startsWith(other, part) || startsWith(path, parts[k] ?? []))) return true;
  }
  return false;
}

const MAX_BATCH = 256;

/** A splice of a run, with the place of its operation in the run. */
interface Placed {
  splice: Splice;
  order: number;
}

/** The indentation of an edit's first line (how deep the block it writes into lies). */
const depthOf = (placed: Placed): number => placed.splice.text.length - placed.splice.text.trimStart().length;

/** Order splices last first; undefined when two overlap. */
function ordered(splices: readonly Placed[]): Placed[] | undefined {
  // Last edit first, so earlier offsets stay valid. Insertions at one offset (the end of a block
  // and of the blocks it ends with) go deepest first, so each stays in its block; at one depth
  // they keep the operations' order.
  const sorted = [...splices].sort((x, y) => y.splice.start - x.splice.start || depthOf(x) - depthOf(y) || y.order - x.order);
  let limit = Number.POSITIVE_INFINITY;
  for (const { splice } of sorted) {
    if (splice.end > limit) return undefined;
    limit = splice.start;
  }
  return sorted;
}

/**
 * What a run needs of one operation on one parse. It is a pure function of the parse and the
 * operation (parsed documents are never modified), so every patch of a document that holds the
 * operation — a finding's own fix and its document's composed fix — shares it, splices included.
 */
interface OperationWork {
  /** The operation as member operations (flatOperations); undefined: it cannot join a run. */
  flat: JsonPatchOperation[] | undefined;
  paths?: string[][];
  /** The part each member rewrites (touchedPart). */
  parts?: (string[] | undefined)[];
  /** The members' splices (undefined: nothing to change), worked out when the operation first joins a run; 'failed' when one cannot be made. */
  splices?: (Splice | undefined)[] | 'failed';
}

interface DocumentWork {
  ctx?: EditContext;
  byOperation: Map<string, OperationWork>;
}

const workOf = new WeakMap<SourceFile, Map<number, DocumentWork>>();

function documentWork(source: SourceFile, documentIndex: number): DocumentWork {
  let byDocument = workOf.get(source);
  if (!byDocument) workOf.set(source, (byDocument = new Map()));
  let work = byDocument.get(documentIndex);
  if (!work) byDocument.set(documentIndex, (work = { byOperation: new Map() }));
  return work;
}

/**
 * Operations equal as values have one key: the value's keys in order (the order decides the
 * text written); a missing value is null, as a run reads it.
 */
const operationKey = (op: JsonPatchOperation): string => JSON.stringify([op.op, op.path, op.from ?? null, op.value ?? null]);

/**
 * Apply the longest leading run of a patch's operations that are independent in a single
 * pass: every operation is worked out on the same parse of the text, and no operation
 * rewrites a part of the document another one of the run reads or writes (the same node, a
 * parent it creates, a list whose items it shifts, a flow or emptied collection) and no two
 * edits overlap. `applied` says how many operations the run took (0: apply the first one on
 * its own, then try again on the new text); `splices` are the edits made, in the order
 * applied (last first), the same objects for the same operation on the same parse. The caller
 * checks the result reads back as the patched resource, as for operations applied one by one.
 */
export function applyIndependent(
  file: string,
  text: string,
  documentIndex: number,
  ops: readonly JsonPatchOperation[],
  source: SourceFile,
): { text: string; applied: number; splices: Splice[] } | undefined {
  const doc = source.text === text ? source.docs[documentIndex] : undefined;
  if (!doc) return undefined;
  const work = documentWork(source, documentIndex);
  const paths: string[][] = [];
  const touched: string[][] = [];
  let splices: Placed[] = [];
  let applied = 0;
  for (const op of ops) {
    const key = operationKey(op);
    let known = work.byOperation.get(key);
    if (!known) work.byOperation.set(key, (known = { flat: flatOperations(doc, [op]) }));
    const flat = known.flat;
    if (!flat || paths.length + flat.length > MAX_BATCH) break;
    const mine = (known.paths ??= flat.map((f) => fromPointer(f.path)));
    const parts = (known.parts ??= flat.map((f, i) => touchedPart(doc, f, mine[i] ?? [])));
    if (parts.some((p) => p === undefined || p.length === 0)) break;
    if (clashes(paths, touched, mine, parts as string[][])) break;
    known.splices ??= operationSplices(
      (work.ctx ??= { text, eol: detectEol(text), layout: detectLayout(text, source.docs, documentIndex, source.json) }),
      doc,
      flat,
      mine,
    );
    if (known.splices === 'failed') break;
    const added: Placed[] = [];
    for (const [i, splice] of known.splices.entries()) if (splice) added.push({ splice, order: paths.length + i });
    if (ordered([...splices, ...added]) === undefined) break;
    splices = [...splices, ...added];
    for (const p of mine) paths.push(p);
    for (const p of parts as string[][]) touched.push(p);
    applied++;
  }
  let current = text;
  const made: Splice[] = [];
  for (const { splice } of ordered(splices) ?? []) {
    current = applySplice(current, splice);
    made.push(splice);
  }
  return { text: current, applied, splices: made };
}

/** The splices of an operation's members; 'failed' as soon as one cannot be made. */
function operationSplices(ctx: EditContext, doc: Document.Parsed, flat: readonly JsonPatchOperation[], paths: readonly string[][]): (Splice | undefined)[] | 'failed' {
  const splices: (Splice | undefined)[] = [];
  for (const [i, f] of flat.entries()) {
    const splice = spliceOf(ctx, doc, f.op as 'add' | 'replace' | 'remove', paths[i] ?? [], f.value ?? null);
    if (!splice.ok) return 'failed';
    splices.push(splice.value);
  }
  return splices;
}
