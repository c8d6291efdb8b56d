import type { Document } from 'yaml';
import { isCollection, isNode, isPair } from '../core/yaml-guards.ts';

/**
 * Documents of a file as the check parsed them (with source tokens, see parseManifestText's
 * `keep`), handed to the fix planner so that a document is not parsed again to be edited.
 */
export interface HeldDocuments {
  /** By document index in the file. */
  docs: ReadonlyMap<number, Document.Parsed>;
  /**
   * What to add to the documents' offsets to get offsets in the file: 0 when they were parsed
   * from the file's text, more when from a piece of it (see documentPiece).
   */
  shift: number;
  /**
   * When the documents are those of a piece of the file (see documentPiece): where the piece
   * lies, so that the planner finds their regions and lines in the piece alone, not the whole file.
   */
  piece?: HeldPiece;
}

/** A piece of a file: its offsets [start, end), the line it starts on (0-based) and its first document's index. */
export interface HeldPiece {
  start: number;
  end: number;
  line: number;
  document: number;
}

/** How far each held document's offsets have been moved already (a document may be asked for again). */
const moved = new WeakMap<Document.Parsed, number>();

/** A syntax token's own offset, and the tokens inside it (collection items, props, separators …). */
type Token = { offset?: unknown } & Record<string, unknown>;

/** Shift every offset in a document's syntax tree: a tree, so each token is reached once. */
function shiftTokens(token: unknown, by: number): void {
  if (token === null || typeof token !== 'object') return;
  if (Array.isArray(token)) {
    for (const item of token) shiftTokens(item, by);
    return;
  }
  const t = token as Token;
  if (typeof t.offset === 'number') t.offset += by;
  for (const key in t) {
    const value = t[key];
    if (value !== null && typeof value === 'object') shiftTokens(value, by);
  }
}

/** Shift the ranges of a node and the nodes under it. */
function shiftNodes(node: unknown, by: number): void {
  if (isPair(node)) {
    shiftNodes(node.key, by);
    shiftNodes(node.value, by);
    return;
  }
  if (!isNode(node)) return;
  if (node.range) node.range = shiftRange(node.range, by);
  if (isCollection(node)) for (const item of node.items) shiftNodes(item, by);
}

function shiftRange<T extends number[]>(range: T, by: number): T {
  return range.map((at) => at + by) as T;
}

/**
 * Move a held document's offsets (node ranges and source-token offsets) so that `shift` is
 * what has been added to them since it was parsed: a document of a larger text then reads as
 * if its region had been parsed alone. Changes the document in place: it is the planner's now.
 */
export function moveDocument(doc: Document.Parsed, shift: number): void {
  const by = shift - (moved.get(doc) ?? 0);
  moved.set(doc, shift);
  if (by === 0) return;
  doc.range = shiftRange(doc.range, by);
  // every node's source token lies in the tree of the root's (keepSourceTokens)
  shiftNodes(doc.contents, by);
  if (isNode(doc.contents)) shiftTokens(doc.contents.srcToken, by);
}
