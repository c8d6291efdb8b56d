import type { JsonObject } from '../core/json.ts';

/** 1-based line and column, as editors and GitHub show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * Where each node of a document sits in its file.
 * Keys are JSON pointers ('' is the document root). For a mapping entry the
 * range covers the key and its value (the key's line is `start.line`);
 * for a sequence item it covers the item.
 */
export type PointerRanges = ReadonlyMap<string, Range>;

export interface ManifestOrigin {
  /** Path as given to the parser (repository-relative where known). */
  file: string;
  /** 0-based index of the document in a multi-document file. */
  documentIndex: number;
  /** Range of the whole document. */
  documentRange: Range;
  ranges: PointerRanges;
  /**
   * Read as kubectl's lenient YAML reader reads it, the file's text breaking a YAML 1.2 rule
   * (see repairIndentation): positions hold, but no fix is written into the document.
   */
  lenient?: true;
}

/** A Kubernetes object read from a file, with where it came from. */
export interface SourcedResource {
  object: JsonObject;
  origin: ManifestOrigin;
}

/** A problem found while reading a file: invalid YAML, too large, too deep … */
export interface ParseProblem {
  file: string;
  range: Range;
  message: string;
  /** The message is about one document and says what to do (no "fix the file so it parses"). */
  document?: true;
  /** The document was read and checked all the same: a notice, not a blocking error. */
  notice?: true;
}

export interface ParsedFile {
  file: string;
  resources: SourcedResource[];
  /** Documents that parsed but are not Kubernetes resources (no apiVersion/kind). */
  skipped: number;
  problems: ParseProblem[];
  /** Reading stopped at a limit (depth, tokens, documents) before the end of the file. */
  stopped?: true;
}
