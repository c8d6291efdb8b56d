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

/** How a file's text is cut: each piece's first document, offset and line (undefined when the file is not cut). */
interface Layout {
  pieces?: { document: number; offset: number; line: number }[];
}

function layoutOf(text: string, of: number, maxDocuments: number): Layout {
  const regions = documentRegions(text);
  if (regions.length > maxDocuments || regions.length < 2) return {};
  const at = cuts(regions, text, of);
  if (at === undefined) return {};
  // the lines before each cut, counted in one pass
  const pieces: { document: number; offset: number; line: number }[] = [];
  let line = 0;
  let counted = 0;
  for (const document of at) {
    const offset = regions[document]?.start ?? 0;
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    pieces.push({ document, offset, line });
  }
  return { pieces };
}

/**
 * The last file cut, by its path, text and piece count: the pieces of one file, read by the same
 * thread one after another, find its documents once (the text is compared whole, so a file read
 * again with other content is cut again).
 */
let lastLayout: { path: string; text: string; of: number; maxDocuments: number; layout: Layout } | undefined;

function cachedLayout(path: string, text: string, of: number, maxDocuments: number): Layout {
  const last = lastLayout;
  if (last && last.path === path && last.of === of && last.maxDocuments === maxDocuments && last.text === text) return last.layout;
  const layout = layoutOf(text, of, maxDocuments);
  lastLayout = { path, text, of, maxDocuments, layout };
  return layout;
}

/** Piece `index` of `of` of a file's text, or undefined when that piece holds nothing. */
export function documentPiece(path: string, text: string, index: number, of: number, maxDocuments: number): DocumentPiece | undefined {
  const whole = index === 0 ? { text, whole: true } : undefined;
  if (of <= 1 || /\.json$/i.test(path) || text.includes('\u0000')) return whole;
  const { pieces } = cachedLayout(path, text, of, maxDocuments);
  if (pieces === undefined || index >= pieces.length) return pieces === undefined ? whole : undefined;
  const piece = pieces[index] as { document: number; offset: number; line: number };
  const next = pieces[index + 1];
  const end = next?.offset ?? text.length;
  if (piece.document === 0) return { text: text.slice(0, end), whole: next === undefined };
  return { text: text.slice(piece.offset, end), whole: false, at: { offset: piece.offset, line: piece.line, document: piece.document } };
}
