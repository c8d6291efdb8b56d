import type { Document } from 'yaml';
import type { TextEdit } from '../core/finding.ts';
import type { JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyJsonPatchShared } from '../engine/mutate/json-patch.ts';
import { applyIndependent } from './apply-independent.ts';
import { applyOperation, asPatchObject } from './apply-operation.ts';
import { combinePatches } from './combine-patches.ts';
import { documentRegions, type Region } from './document-regions.ts';
import { editsBetween } from './line-diff.ts';
import { mergeAddsIntoEmptyMaps } from './empty-map-adds.ts';
import type { Splice } from './splice.ts';
import { isVerified, recordVerified, verifiedRuns, type VerifiedRuns } from './verified-runs.ts';
import { readBack } from './read-back.ts';
import { parseHeld, parseSource, sharedDocumentJson, type SourceFile } from './yaml-source.ts';

/** The fix of one finding: a patch against one document of the file. */
export interface DocumentFix {
  documentIndex: number;
  patch: JsonPatchOperation[];
}

function documentsJson(file: string, text: string, source?: SourceFile): Outcome<JsonValue[]> {
  const parsed = source ? ok(source) : parseSource(file, text);
  if (!parsed.ok) return parsed;
  const values: JsonValue[] = [];
  for (const doc of parsed.value.docs) {
    // shared: the values are only read (patches are applied to copies)
    const json = sharedDocumentJson(doc);
    if (!json.ok) return json;
    values.push(json.value);
  }
  return ok(values);
}

/**
 * Rewrite the text for each document's patch, then check the result: the file must
 * parse, have the same documents, the patched ones equal to the patch applied to their
 * JSON (Kyverno's JSON patch semantics) and the others unchanged. `source` is the text
 * already parsed (each text is parsed once: before, and after each operation). A patch of
 * `source` made in one run of splices that another patch's run already read back right is
 * not read back again (see VerifiedRuns).
 */
function rewrite(file: string, text: string, asGiven: ReadonlyMap<number, JsonPatchOperation[]>, source?: RegionBase, onOriginal?: (index: number, value: JsonValue) => void, oneByOne = false): Outcome<string> {
  const parsedBefore = source ? source.alone : parseSource(file, text);
  if (!parsedBefore.ok) return parsedBefore;
  const before = source ? (source.json ??= documentsJson(file, text, parsedBefore.value)) : documentsJson(file, text, parsedBefore.value);
  if (!before.ok) return before;
  // members added to an empty map are written as one block (see mergeAddsIntoEmptyMaps)
  const patches = new Map([...asGiven].map(([index, patch]) => [index, mergeAddsIntoEmptyMaps(before.value[index] ?? null, patch)]));
  // The patched resources are what the edited text must read as: worked out only when it is read
  // back (a run already verified needs none) or an operation fails (a patch that does not apply
  // says so first), in the patches' order.
  const order = [...patches.keys()];
  const expectedUpTo = (last: number): Outcome<JsonValue[]> => {
    const expected = [...before.value];
    for (const documentIndex of order.slice(0, order.indexOf(last) + 1)) {
      // documents read from text share no values, and what is expected is only compared: no copy of the whole document
      const patched = applyJsonPatchShared(before.value[documentIndex] ?? null, (patches.get(documentIndex) ?? []).map(asPatchObject));
      if (!patched.ok) return err(`the patch does not apply to document ${documentIndex}: ${patched.error}`);
      expected[documentIndex] = patched.value;
    }
    return ok(expected);
  };
  let current = text;
  let parsed: SourceFile | undefined = parsedBefore.value;
  let batched = false;
  // the splices, when the patch of `source` was made in one run on its parse
  let onePass: Splice[] | undefined;
  for (const [documentIndex, patch] of patches) {
    const original = before.value[documentIndex];
    if (original === undefined) return err(`the file has no document ${documentIndex}`);
    onOriginal?.(documentIndex, original);
    // Runs of independent operations go in one pass each; the others one by one.
    for (let at = 0; at < patch.length; ) {
      if (!oneByOne) {
        const here: Outcome<SourceFile> = parsed ? ok(parsed) : parseSource(file, current);
        const run: ReturnType<typeof applyIndependent> = here.ok ? applyIndependent(file, current, documentIndex, patch.slice(at), here.value) : undefined;
        if (run && run.applied > 0) {
          if (source && at === 0 && run.applied === patch.length && here.ok && here.value === parsedBefore.value) onePass = run.splices;
          batched = true;
          parsed = run.text === current && here.ok ? here.value : undefined;
          current = run.text;
          at += run.applied;
          continue;
        }
      }
      const op = patch[at] as JsonPatchOperation;
      const applied = applyOperation(file, current, documentIndex, op, parsed);
      if (!applied.ok) {
        const applies = expectedUpTo(documentIndex);
        return applies.ok ? applied : applies;
      }
      if (applied.value !== current) parsed = undefined;
      current = applied.value;
      at++;
    }
  }
  // a run of splices of the original parse, each an operation's own, applies as the patch does (see VerifiedRuns)
  if (source && onePass && isVerified(source.verified, onePass)) return ok(current);
  const patched = expectedUpTo(order[order.length - 1] ?? 0);
  if (!patched.ok) return patched;
  const expected = patched.value;
  const after = readBack(file, current, expected, parsed);
  const wrong = after.ok ? after.value.wrong : -1;
  // Operations applied together that do not read back right are applied again one by one.
  if (batched && (!after.ok || after.value.count !== expected.length || wrong !== -1)) return rewrite(file, text, patches, source, onOriginal, true);
  if (!after.ok) return err(`the edited file does not parse: ${after.error}`);
  if (after.value.count !== expected.length) return err('the edit changed the number of documents');
  if (wrong !== -1) return err(`the edited text of document ${wrong} does not read back as the patched resource (anchors or merge keys shared with other nodes?)`);
  if (source && onePass) recordVerified(source.verified, onePass);
  return ok(current);
}

/** The new text for [start, end) of the file; `whole` when the whole file had to be rewritten. */
export interface Rewritten {
  start: number;
  end: number;
  text: string;
  whole?: true;
}

/** A document's region of the file parsed on its own, its JSON and the runs of splices read back: the same for every patch of the document. */
export interface RegionBase {
  slice: string;
  alone: Outcome<SourceFile>;
  json?: Outcome<JsonValue[]>;
  verified: VerifiedRuns;
}

export function regionBase(file: string, text: string, region: Region): RegionBase {
  const slice = text.slice(region.start, region.end);
  return { slice, alone: parseHeld(file, slice), verified: verifiedRuns() };
}

/** regionBase of a region (`slice`) from its document already parsed with source tokens (as parseHeld parses), its offsets the slice's (see moveDocument). */
export function heldBase(file: string, slice: string, doc: Document.Parsed): RegionBase {
  return { slice, alone: ok({ text: slice, json: /\.json$/i.test(file), docs: [doc] }), verified: verifiedRuns() };
}

/**
 * Rewrite one document's region of the file on its own, checked; falls back to the whole
 * file. `onOriginal` receives the document's JSON as it was before the patch; `base` is the
 * region already parsed (see regionBase).
 */
export function rewriteRegion(file: string, text: string, region: Region | undefined, documentIndex: number, patch: JsonPatchOperation[], onOriginal?: (value: JsonValue) => void, base?: RegionBase): Outcome<Rewritten> {
  const regionParsed = region ? (base ?? regionBase(file, text, region)) : undefined;
  const slice = regionParsed?.slice;
  const alone = regionParsed?.alone;
  if (region === undefined || slice === undefined || regionParsed === undefined || !alone?.ok || alone.value.docs.length !== 1) {
    const whole = rewrite(file, text, new Map([[documentIndex, patch]]), undefined, onOriginal && ((_, value) => onOriginal(value)));
    return whole.ok ? ok({ start: 0, end: text.length, text: whole.value, whole: true }) : whole;
  }
  const rewritten = rewrite(file, slice, new Map([[0, patch]]), regionParsed, onOriginal && ((_, value) => onOriginal(value)));
  if (!rewritten.ok) return rewritten;
  if (slice.endsWith('\n') && !rewritten.value.endsWith('\n')) return err('the edit would join the document to the next one');
  return ok({ ...region, text: rewritten.value });
}

function rewriteDocument(file: string, text: string, documentIndex: number, patch: JsonPatchOperation[]): Outcome<Rewritten> {
  const region = /\.json$/i.test(file) ? undefined : documentRegions(text)[documentIndex];
  return rewriteRegion(file, text, region, documentIndex, patch);
}

const splice = (text: string, r: Rewritten): string => text.slice(0, r.start) + r.text + text.slice(r.end);

/** Line edits for a rewritten region, numbered in the whole file. */
function regionEdits(file: string, text: string, r: Rewritten): TextEdit[] {
  let before = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < r.start; at = text.indexOf('\n', at + 1)) before++;
  return editsBetween(file, text.slice(r.start, r.end), r.text).map((e) => ({ ...e, startLine: e.startLine + before, endLine: e.endLine + before }));
}

/**
 * Text edits on a file that apply a JSON patch (RFC 6902, with Kyverno's tolerance:
 * missing parents are created by `add`, absent paths are ignored by `remove`) to
 * document `documentIndex` (0-based, empty documents count) of its YAML or JSON text,
 * keeping comments, order, quoting, indentation and the other documents. The edits are
 * checked: an error is returned rather than an edit that would not give the patched resource.
 * Only the document's own text is parsed and rewritten, so large multi-document files stay cheap.
 */
export function editsForPatch(file: string, text: string, documentIndex: number, patch: JsonPatchOperation[]): Outcome<TextEdit[]> {
  return guarded(() => {
    const rewritten = rewriteDocument(file, text, documentIndex, patch);
    return rewritten.ok ? ok(regionEdits(file, text, rewritten.value)) : rewritten;
  });
}

/** Defensive: nothing here is expected to throw, but a bug must give an error outcome, not a crash. */
export function guarded<T>(run: () => Outcome<T>): Outcome<T> {
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

/** All the fixes of a file rewritten in turn, last document first; the edits, and the text after them. */
export function combinedEdits(file: string, text: string, fixes: readonly DocumentFix[]): Outcome<TextEdit[]> & { after?: string } {
  const byDocument = new Map<number, JsonPatchOperation[][]>();
  for (const fix of fixes) byDocument.set(fix.documentIndex, [...(byDocument.get(fix.documentIndex) ?? []), fix.patch]);
  let current = text;
  // Last document first: the regions of the earlier ones do not move.
  for (const [documentIndex, patches] of [...byDocument].sort((a, b) => b[0] - a[0])) {
    const original = documentAt(file, current, documentIndex);
    if (!original.ok) return original;
    const patch = combinePatches(original.value, patches);
    if (!patch.ok) return err(`document ${documentIndex}: ${patch.error}`);
    const rewritten = rewriteDocument(file, current, documentIndex, patch.value);
    if (!rewritten.ok) return rewritten;
    current = splice(current, rewritten.value);
  }
  return { ...ok(editsBetween(file, text, current)), after: current };
}

export function documentAt(file: string, text: string, documentIndex: number): Outcome<JsonValue> {
  const region = /\.json$/i.test(file) ? undefined : documentRegions(text)[documentIndex];
  const alone = region ? documentsJson(file, text.slice(region.start, region.end)) : undefined;
  if (alone?.ok && alone.value.length === 1 && alone.value[0] !== undefined) return ok(alone.value[0]);
  const all = documentsJson(file, text);
  if (!all.ok) return all;
  const value = all.value[documentIndex];
  return value === undefined ? err(`the file has no document ${documentIndex}`) : ok(value);
}
