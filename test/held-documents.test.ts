/**
 * Issue 15: the fix planner edits a document on the parse the check made of the whole file (or of a
 * piece of it), its offsets moved to its region's. That is only sound if the moved document is, to the
 * offset, what parsing the region alone gives: every node range and every source token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNode, visit, type Document } from 'yaml';
import { documentRegions } from '../src/fix/document-regions.ts';
import { moveDocument } from '../src/fix/held-documents.ts';
import { parseHeld } from '../src/fix/yaml-source.ts';
import { documentPiece, type PieceStart } from '../src/manifest/document-pieces.ts';
import { parseManifestText } from '../src/manifest/parse.ts';
import { CORPUS, corpusYamlFiles } from './corpus-files.ts';

/** Every position a document holds: node ranges and source-token offsets (with the tokens' text), in walk order. */
function positions(doc: Document.Parsed): unknown[] {
  const out: unknown[] = [doc.range];
  const seen = new Set<object>();
  const tokens = (token: unknown): void => {
    if (token === null || typeof token !== 'object' || seen.has(token)) return;
    seen.add(token);
    if (Array.isArray(token)) return token.forEach(tokens);
    const t = token as Record<string, unknown>;
    if (typeof t['offset'] === 'number') out.push([t['type'], t['offset'], t['source']]);
    for (const value of Object.values(t)) if (value !== null && typeof value === 'object') tokens(value);
  };
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    out.push(node.range);
    tokens(node.srcToken);
  });
  return out;
}

/** Documents as the check reads `text` (a file, or a piece of it starting `at`), by index. */
function held(file: string, text: string, at?: PieceStart): Map<number, Document.Parsed> {
  const docs = new Map<number, Document.Parsed>();
  parseManifestText(file, text, undefined, (doc, index) => docs.set(index, doc), at);
  return docs;
}

/** Compare each held document, moved, with its region parsed alone; how many were compared. */
function compareAll(file: string, text: string, docs: Map<number, Document.Parsed>, shift: number, from = 0): number {
  const regions = documentRegions(text);
  let compared = 0;
  for (const [index, doc] of docs) {
    const region = regions[index];
    if (index < from || !region || doc.errors.length > 0) continue;
    const alone = parseHeld(file, text.slice(region.start, region.end));
    if (!alone.ok || alone.value.docs.length !== 1) continue;
    moveDocument(doc, shift - region.start);
    expect(positions(doc), `${file} document ${index}`).toEqual(positions(alone.value.docs[0] as Document.Parsed));
    compared++;
  }
  return compared;
}

const OWN = [join(import.meta.dirname, '..', 'examples'), join(import.meta.dirname, 'fixtures')].filter(existsSync);

describe('documents held from the check, moved to their regions', () => {
  it('are the regions parsed alone, in this repository\'s multi-document files and in a piece of each', () => {
    let compared = 0;
    let pieces = 0;
    for (const file of OWN.flatMap((dir) => corpusYamlFiles(dir))) {
      const text = readFileSync(file, 'utf8');
      if (documentRegions(text).length < 2) continue;
      compared += compareAll(file, text, held(file, text), 0);
      const piece = documentPiece(file, text, 1, 2, 100_000);
      if (piece?.at === undefined) continue;
      compared += compareAll(file, text, held(file, piece.text, piece.at), piece.at.offset, piece.at.document);
      pieces++;
    }
    expect(compared).toBeGreaterThan(20);
    expect(pieces).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(CORPUS))('are the regions parsed alone, in every multi-document file of the upstream corpora', () => {
    let files = 0;
    let compared = 0;
    for (const file of corpusYamlFiles()) {
      const text = readFileSync(file, 'utf8');
      if (documentRegions(text).length < 2) continue;
      files++;
      compared += compareAll(file, text, held(file, text), 0);
    }
    expect(files).toBeGreaterThan(500);
    expect(compared).toBeGreaterThan(5_000);
  });
});
