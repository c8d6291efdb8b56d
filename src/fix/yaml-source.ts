import { Scalar } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from '../core/yaml-guards.ts';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { sharedYamlOptions } from '../manifest/yaml-options.ts';
import { plainJson } from './plain-json.ts';
import { parseAllQuietly } from './quiet-parser.ts';

export type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
export type AnyPair = Pair<unknown, unknown>;

/** A YAML file parsed with positions and source tokens, the way the manifest reader parses it. */
export interface SourceFile {
  text: string;
  json: boolean;
  docs: Document.Parsed[];
}

const MAX_ALIASES = 10_000;

/**
 * The last texts parsed, by text: fix planning parses the same intermediate texts again
 * (a finding's own fix and its document's composed fix often share their first steps).
 * Parsed documents are never modified, so they can be shared.
 */
const recent = new Map<string, Outcome<SourceFile>>();
const RECENT = 64;

export function parseSource(file: string, text: string): Outcome<SourceFile> {
  const key = (/\.json$/i.test(file) ? 'j' : 'y') + text;
  const known = recent.get(key);
  if (known) {
    recent.delete(key);
    recent.set(key, known);
    return known;
  }
  const parsed = parseFresh(file, text);
  recent.set(key, parsed);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
  return parsed;
}

/** parseSource without keeping the result: for a text whose parse its caller holds for as long as it needs it. */
export function parseHeld(file: string, text: string): Outcome<SourceFile> {
  return parseFresh(file, text);
}


function parseFresh(file: string, text: string, keepSourceTokens = true): Outcome<SourceFile> {
  const json = /\.json$/i.test(file);
  try {
    const docs = parseAllQuietly(text, sharedYamlOptions(json ? 'json' : 'kubernetes', text, { keepSourceTokens }));
    const broken = docs.findIndex((d) => d.errors.length > 0);
    if (broken !== -1) return err(`document ${broken} has YAML errors: ${docs[broken]?.errors[0]?.message ?? ''}`);
    return ok({ text, json, docs });
  } catch (e) {
    return err(`could not parse the file: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * An edited text parsed to check that it reads back as the patched resource: as parseSource
 * parses (the same errors), but without the source tokens that only editing needs, and not
 * kept (an edited text is seldom parsed again).
 */
export function parseEdited(file: string, text: string): Outcome<Document.Parsed[]> {
  const parsed = parseFresh(file, text, false);
  return parsed.ok ? ok(parsed.value.docs) : parsed;
}

/** documentJson by document, for readers that do not change the value (parsed documents are never modified). */
const jsonOf = new WeakMap<Document.Parsed, Outcome<JsonValue>>();

/** The document's JSON, shared: callers must not change it. */
export function sharedDocumentJson(doc: Document.Parsed): Outcome<JsonValue> {
  let known = jsonOf.get(doc);
  if (!known) jsonOf.set(doc, (known = documentJson(doc)));
  return known;
}

export function documentJson(doc: Document.Parsed): Outcome<JsonValue> {
  // A plain document's JSON is built directly (what JSON text would give, see plainJson).
  const plain = plainJson(doc.contents ?? null);
  if (plain !== undefined) return ok(plain);
  try {
    // Through JSON text so that aliased nodes become separate copies, as in the resource.
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? null;
    return ok(JSON.parse(JSON.stringify(value)) as JsonValue);
  } catch (e) {
    return err(`could not read the document: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---- offsets ----------------------------------------------------------------

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line break of the line holding the character before `end`. */
export function afterLine(text: string, end: number): number {
  const at = text.indexOf('\n', Math.max(end - 1, 0));
  return at === -1 ? text.length : at + 1;
}

/**
 * From a line start, past the comment lines indented deeper than `col`: they trail
 * the entry above (its last item or value), so new siblings go after them. A blank
 * line or a comment at `col` or less (a heading of what follows) stops.
 */
export function pastTrailingComments(text: string, at: number, col: number): number {
  let here = at;
  while (here < text.length) {
    const next = afterLine(text, here + 1);
    const line = text.slice(here, next);
    const indent = line.length - line.trimStart().length;
    if (!line.trimStart().startsWith('#') || indent <= col) break;
    here = next;
  }
  return here;
}

/** Only spaces (or `-` indicators, when allowed) between the start of the line and `offset`. */
export function firstOnLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

function isBlockScalar(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

/** Where a node's own text ends: its last character, not trailing comments or blank lines. */
export function contentEnd(text: string, node: unknown): number | undefined {
  if (isPair(node)) {
    const key = contentEnd(text, node.key);
    const value = contentEnd(text, node.value);
    return Math.max(key ?? -1, value ?? -1) === -1 ? undefined : Math.max(key ?? -1, value ?? -1);
  }
  if (isScalar(node)) {
    const range = node.range;
    if (!range) return undefined;
    if (!isBlockScalar(node)) return range[1];
    let end = range[1];
    while (end > range[0] && /\s/.test(text[end - 1] ?? '')) end--;
    return end;
  }
  if (isAlias(node)) return node.range?.[1];
  if (isMap(node) || isSeq(node)) {
    if (node.flow || node.items.length === 0) return node.range?.[1];
    return contentEnd(text, node.items[node.items.length - 1]);
  }
  return undefined;
}

/** Offset of the `-` of a block sequence's item. */
export function dashOffset(seq: YAMLSeq<unknown>, index: number): number | undefined {
  const token = seq.srcToken;
  if (token?.type !== 'block-seq') return undefined;
  return token.items[index]?.start.find((t) => t.type === 'seq-item-ind')?.offset;
}

export function startOf(node: unknown): number | undefined {
  if (isPair(node)) return startOf(node.key);
  if (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node)) return node.range?.[0];
  return undefined;
}

/** A mapping entry's key as a JSON key; undefined for a merge key (`<<`) or a non-scalar key. */
export function keyString(pair: AnyPair): string | undefined {
  if (!isScalar(pair.key) || isMergeKey(pair)) return undefined;
  return String(pair.key.value);
}

/** With merge keys on, the composer marks `<<` keys with a symbol value. */
function isMergeKey(pair: AnyPair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

export function ownPairIndex(map: YAMLMap<unknown, unknown>, key: string): number {
  return map.items.findIndex((p) => keyString(p) === key);
}

export function hasMergeKey(map: YAMLMap<unknown, unknown>): boolean {
  return map.items.some(isMergeKey);
}

export function asNode(value: unknown): Node | null {
  return isScalar(value) || isAlias(value) || isMap(value) || isSeq(value) ? value : null;
}
