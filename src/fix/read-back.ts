import type { Document } from 'yaml';
import { deepEqual, type JsonValue } from '../core/json.ts';
import { ok, type Outcome } from '../core/outcome.ts';
import { readsBackQuickly } from './fast-read-back.ts';
import { NOTHING, plainCompare, type Verdict } from './plain-json.ts';
import { documentJson, parseEdited, sharedDocumentJson, type SourceFile } from './yaml-source.ts';

/**
 * The first document of an edited text that does not read back as `expected` (-1: all do), as
 * comparing each document's JSON (documentJson) with deepEqual tells it, with the same errors.
 * Reading a plain document's JSON cannot fail, so when every document is plain they are
 * compared as they are; otherwise each is read as JSON first, as before.
 */
function firstMismatch(docs: readonly Document.Parsed[], expected: readonly JsonValue[], json: (doc: Document.Parsed) => Outcome<JsonValue>): Outcome<number> {
  const verdicts: Verdict[] = docs.map((doc, i) => plainCompare(doc.contents ?? null, i < expected.length ? (expected[i] as JsonValue) : NOTHING));
  if (verdicts.every((v) => v !== 'unsure')) return ok(expected.findIndex((_, i) => verdicts[i] !== 'equal'));
  const values: JsonValue[] = [];
  for (const doc of docs) {
    const value = json(doc);
    if (!value.ok) return value;
    values.push(value.value);
  }
  return ok(expected.findIndex((value, i) => !deepEqual(value, values[i])));
}

/**
 * Read an edited text back: how many documents it has and the first that is not the patched
 * resource expected of it (-1: none). `parsed` is the text already parsed (an edit that
 * changed nothing); otherwise it is parsed here, after a quick reading that can only
 * confirm (see fast-read-back.ts).
 */
export function readBack(file: string, text: string, expected: readonly JsonValue[], parsed?: SourceFile): Outcome<{ count: number; wrong: number }> {
  if (!parsed && !/\.json$/i.test(file) && readsBackQuickly(text, expected)) return ok({ count: expected.length, wrong: -1 });
  const docs = parsed ? ok(parsed.docs) : parseEdited(file, text);
  if (!docs.ok) return docs;
  const wrong = firstMismatch(docs.value, expected, parsed ? sharedDocumentJson : documentJson);
  return wrong.ok ? ok({ count: docs.value.length, wrong: wrong.value }) : wrong;
}
