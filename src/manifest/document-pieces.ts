import { documentRegions } from '../fix/document-regions.ts';

/**
 * A large multi-document file checked in pieces on several threads: piece `index` of `of` holds
 * a consecutive run of the file's documents, as their text and where it starts in the file (its
 * offset, line and document index): parsed from there (see parseManifestText's `at`), every
 * position and index read from the piece is the file's own, while only the run's bytes are read —
 * a piece late in a file costs no more than the first.
 *
 * Pieces are cut only before a `---` line, and only in YAML files within the document limit;
 * a file that cannot be cut is wholly piece 0 (the others are empty), so its problems are said
 * once, as for any file.
 */
export interface DocumentPiece {
  /** The text to parse: the run of documents. */
  text: string;
  /** Whether this piece is the whole file. */
  whole: boolean;
  /** Where `text` starts in the file, when not at its start. */
  at?: PieceStart;
}

/** Where a piece's text starts in its file: the offset, and the 0-based line and document index there. */
export interface PieceStart {
  offset: number;
  line: number;
  document: number;
}

/** The documents' regions at which pieces start: piece i covers [cuts[i], cuts[i + 1]). */
function cuts(starts: readonly { start: number; end: number }[], text: string, of: number): number[] | undefined {
  const at: number[] = [0];
  for (let piece = 1; piece < of; piece++) {
    let region = Math.max(Math.ceil((starts.length * piece) / of), (at[at.length - 1] ?? 0) + 1);
    while (region < starts.length && !text.startsWith('---', starts[region]?.start ?? 0)) region++;
    if (region >= starts.length) break;
    at.push(region);
  }
  return at.length > 1 ? at : undefined;
}

/** Piece `index` of `of` of a file's text, or undefined when that piece holds nothing. */
export function documentPiece(path: string, text: string, index: number, of: number, maxDocuments: number): DocumentPiece | undefined {
  const whole = index === 0 ? { text, whole: true } : undefined;
  if (of <= 1 || /\.json$/i.test(path) || text.includes('\u0000')) return whole;
  const regions = documentRegions(text);
  if (regions.length > maxDocuments || regions.length < 2) return whole;
  const at = cuts(regions, text, of);
  if (at === undefined || index >= at.length) return at === undefined ? whole : undefined;
  const from = at[index] as number;
  const to = at[index + 1] ?? regions.length;
  const start = regions[from]?.start ?? 0;
  const end = to < regions.length ? (regions[to]?.start ?? text.length) : text.length;
  if (from === 0) return { text: text.slice(0, end), whole: to >= regions.length };
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
  return { text: text.slice(start, end), whole: false, at: { offset: start, line, document: from } };
}
