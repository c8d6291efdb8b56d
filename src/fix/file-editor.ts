import type { TextEdit } from '../core/finding.ts';
import type { JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { combinePatches, mayMerge } from './combine-patches.ts';
import { documentRegions, type Region } from './document-regions.ts';
import { combinedEdits, documentAt, guarded, heldBase, regionBase, rewriteRegion, type DocumentFix, type RegionBase, type Rewritten } from './edits-for-patch.ts';
import { moveDocument, type HeldDocuments } from './held-documents.ts';
import { editsBetween } from './line-diff.ts';

/**
 * The fixes of one file planned in one pass: the file's document regions and line starts are
 * found once, each patch of a document is rewritten once on one parse of the document (the
 * work of an operation, and the reading back of edits, shared by all its patches: see
 * applyIndependent and VerifiedRuns), and all the file's fixes together are
 * the regions' rewrites side by side — cost linear in the size of the file, whatever the
 * number of documents.
 */
export interface FileEditor {
  /** The edits of a patch on one document (see editsForPatch); asked again for the same patch (array), they are not computed again. */
  edits(documentIndex: number, patch: JsonPatchOperation[]): Outcome<TextEdit[]>;
  /**
   * All the fixes of the file together (see editsForFixes): their edits and the text after them
   * (unless `withText` is false: a caller that needs only to know they combine, and their edits).
   */
  combined(fixes: readonly DocumentFix[], withText?: boolean): Outcome<{ edits: TextEdit[]; after?: string }>;
}

interface Planned {
  rewritten: Rewritten;
  edits: TextEdit[];
}

/** Offsets of each line start in [from, to), `from` first, so that a line number is a binary search away. */
function lineStarts(text: string, from = 0, to = text.length): number[] {
  const starts = [from];
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** How many of the line starts (after the first) come at or before `offset`. */
function linesBefore(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * `held`: the file's documents as the manifest reader parsed them, with source tokens (see
 * parseManifestText's `keep`), when the caller has them: a document held is then not parsed
 * again to be edited (its offsets are moved to its region's, as if the region had been parsed alone).
 */
export function fileEditor(file: string, text: string, held?: HeldDocuments): FileEditor {
  const json = /\.json$/i.test(file);
  // a piece's documents are found, and their lines counted, in the piece alone: each piece of a
  // large file costs its own length, not the file's
  const piece = held?.piece;
  let regions: Region[] | undefined;
  let pieceRegions: Region[] | undefined;
  let starts: number[] | undefined;
  let pieceStarts: number[] | undefined;
  // by patch (the same array: a composed fix is asked for its edits and then combined)
  const planned = new Map<number, Map<readonly JsonPatchOperation[], Outcome<Planned>>>();
  const originals = new Map<number, JsonValue>();
  const regionOf = (documentIndex: number): Region | undefined => {
    if (json) return undefined;
    if (piece && documentIndex >= piece.document) {
      pieceRegions ??= documentRegions(text.slice(piece.start, piece.end)).map((r) => ({ start: r.start + piece.start, end: r.end + piece.start }));
      const region = pieceRegions[documentIndex - piece.document];
      if (region) return region;
    }
    return (regions ??= documentRegions(text))[documentIndex];
  };
  /** The 0-based line of an offset of the text. */
  const lineOf = (offset: number): number => {
    if (piece && offset >= piece.start && offset <= piece.end) return piece.line + linesBefore((pieceStarts ??= lineStarts(text, piece.start, piece.end)), offset);
    return linesBefore((starts ??= lineStarts(text)), offset);
  };
  const heldAt = (documentIndex: number, region: Region): RegionBase | undefined => {
    const doc = json ? undefined : held?.docs.get(documentIndex);
    if (!doc || !held || doc.errors.length > 0) return undefined;
    moveDocument(doc, held.shift - region.start);
    return heldBase(file, text.slice(region.start, region.end), doc);
  };
  // the last document's region parsed on its own: its patches are planned one after another
  let last: { documentIndex: number; base: RegionBase } | undefined;
  const baseOf = (documentIndex: number, region: Region | undefined): RegionBase | undefined => {
    if (!region) return undefined;
    if (last?.documentIndex !== documentIndex) last = { documentIndex, base: heldAt(documentIndex, region) ?? regionBase(file, text, region) };
    return last.base;
  };

  /** Line edits of a rewritten region, numbered in the whole file. */
  const regionEdits = (r: Rewritten): TextEdit[] => {
    const before = lineOf(r.start);
    const edits = editsBetween(file, text.slice(r.start, r.end), r.text);
    for (const edit of edits) {
      edit.startLine += before;
      edit.endLine += before;
    }
    return edits;
  };

  const plan = (documentIndex: number, patch: JsonPatchOperation[]): Outcome<Planned> => {
    let byPatch = planned.get(documentIndex);
    if (!byPatch) planned.set(documentIndex, (byPatch = new Map()));
    const known = byPatch.get(patch);
    if (known) return known;
    const result = guarded((): Outcome<Planned> => {
      const region = regionOf(documentIndex);
      const rewritten = rewriteRegion(file, text, region, documentIndex, patch, (original) => originals.set(documentIndex, original), baseOf(documentIndex, region));
      return rewritten.ok ? ok({ rewritten: rewritten.value, edits: regionEdits(rewritten.value) }) : rewritten;
    });
    byPatch.set(patch, result);
    return result;
  };

  const original = (documentIndex: number): Outcome<JsonValue> => {
    const known = originals.get(documentIndex);
    return known !== undefined ? ok(known) : documentAt(file, text, documentIndex);
  };

  const combined = (fixes: readonly DocumentFix[], withText: boolean): Outcome<{ edits: TextEdit[]; after?: string }> => {
    const byDocument = new Map<number, JsonPatchOperation[][]>();
    for (const fix of fixes) {
      const patches = byDocument.get(fix.documentIndex);
      if (patches) patches.push(fix.patch);
      else byDocument.set(fix.documentIndex, [fix.patch]);
    }
    const rewrites: Planned[] = [];
    for (const [documentIndex, patches] of [...byDocument].sort((a, b) => a[0] - b[0])) {
      const before = original(documentIndex);
      if (!before.ok) return before;
      // A document's one patch, already planned without error, applies to the resource (it was
      // applied to plan it): combining leaves it as it is unless an `add` may merge.
      const only = patches.length === 1 ? patches[0] : undefined;
      const asIs = only !== undefined && planned.get(documentIndex)?.get(only)?.ok === true && !mayMerge(before.value, only);
      const patch = asIs ? ok(only) : combinePatches(before.value, patches);
      if (!patch.ok) return err(`document ${documentIndex}: ${patch.error}`);
      const one = patches.length === 1 && patches[0]?.length === patch.value.length && patch.value.every((op, i) => op === patches[0]?.[i]);
      const done = plan(documentIndex, one ? (patches[0] ?? patch.value) : patch.value);
      if (!done.ok) return done;
      rewrites.push(done.value);
    }
    // A document that could not be rewritten on its own was rewritten with the whole file: combine in turn, as editsForFixes does.
    if (rewrites.some((r) => r.rewritten.whole)) {
      const edits = combinedEdits(file, text, fixes);
      if (!edits.ok) return edits;
      return ok({ edits: edits.value, after: edits.after ?? text });
    }
    const edits: TextEdit[] = [];
    for (const { edits: own } of rewrites) for (const edit of own) edits.push(edit);
    if (!withText) return ok({ edits });
    const pieces: string[] = [];
    let at = 0;
    for (const { rewritten } of rewrites) {
      pieces.push(text.slice(at, rewritten.start), rewritten.text);
      at = rewritten.end;
    }
    pieces.push(text.slice(at));
    return ok({ edits, after: pieces.join('') });
  };

  return {
    edits: (documentIndex, patch) => {
      const done = plan(documentIndex, patch);
      return done.ok ? ok(done.value.edits) : done;
    },
    combined: (fixes, withText = true) => guarded(() => combined(fixes, withText)),
  };
}
