import type { Document } from 'yaml';
import { composeStream } from './compose-stream.ts';
import type { StreamStop } from './compose-stream.ts';
import { readDocument, tooDeepMessage } from './document-resources.ts';
import { jsonSyntaxError } from './json-check.ts';
import { buildLineIndex, linesFrom } from './line-index.ts';
import type { PieceStart } from './document-pieces.ts';
import type { LineIndex } from './line-index.ts';
import { resolveLimits } from './parse-options.ts';
import type { ParseLimits, ResolvedLimits } from './parse-options.ts';
import { fileProblem, formatBytes, problemAt } from './problems.ts';
import type { ParsedFile, ParseProblem } from './types.ts';
import type { YamlDialect } from './yaml-options.ts';
import { appendAll } from '../core/append-all.ts';

/**
 * Parse a YAML (multi-document) or JSON manifest file, keeping positions.
 *
 * - Every resource keeps its file, 0-based document index (empty documents
 *   count, so the index is the document's place in the file), the document's
 *   range and a JSON pointer -> range map for every node.
 * - Documents without string `apiVersion` and `kind` are counted in `skipped`;
 *   empty documents are ignored; `…List` documents with `items` are expanded
 *   (see ListItemOrigin for how their ranges are exposed).
 * - An invalid document gives one problem at its first error; the file's other,
 *   valid documents are still returned. Too large, too deep, too many tokens or
 *   documents, alias bombs, binary text and JSON syntax errors are located
 *   problems too (see ParseLimits).
 * - *.json files must be strict JSON; everything else is read as YAML the way
 *   kubectl does (see yamlOptions).
 * Never throws. `keep` receives each document read, with its source tokens (see composeStream),
 * for a caller that goes on to edit the file. `at`: where `text` starts in the file, when it is a
 * piece of it (see documentPiece): lines and document indexes are then the file's.
 */
export function parseManifestText(file: string, text: string, options?: ParseLimits, keep?: (doc: Document.Parsed, documentIndex: number) => void, at?: PieceStart): ParsedFile {
  const result: ParsedFile = { file, resources: [], skipped: 0, problems: [] };
  try {
    parseInto(result, text, resolveLimits(options), keep, at);
  } catch (error) {
    // Defensive: nothing above is expected to throw, but a bug must not crash the run.
    const reason = error instanceof Error ? error.message : String(error);
    result.problems.push(fileProblem(file, `Could not parse this file: ${reason}`));
  }
  return result;
}

function parseInto(result: ParsedFile, text: string, limits: ResolvedLimits, keep?: (doc: Document.Parsed, documentIndex: number) => void, at?: PieceStart): void {
  const { file } = result;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: count bytes only near the limit.
  const size = text.length * 3 <= limits.maxBytes ? 0 : Buffer.byteLength(text, 'utf8');
  if (size > limits.maxBytes) {
    result.problems.push(fileProblem(file, `File is ${formatBytes(size)}, over the ${formatBytes(limits.maxBytes)} limit; it was not read.`));
    return;
  }
  const lines = at === undefined ? buildLineIndex(text) : linesFrom(buildLineIndex(text), at.line);
  const first = at?.document ?? 0;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    result.problems.push(problemAt(file, lines, nul, 'File contains NUL bytes: it looks binary, not YAML or JSON; it was not read.'));
    return;
  }
  const dialect: YamlDialect = /\.json$/i.test(file) ? 'json' : 'kubernetes';
  const stop = composeStream(text, limits, dialect, (doc, index) => {
    const documentIndex = first + index;
    const read = readDocument(doc, { file, documentIndex, lines, limits, dialect, text });
    appendAll(result.resources, read.resources);
    result.skipped += read.skipped;
    appendAll(result.problems, read.problems);
    keep?.(doc, documentIndex);
  }, keep !== undefined);
  if (stop) {
    result.stopped = true;
    result.problems.push(stopProblem(file, lines, { ...stop, documentIndex: first + stop.documentIndex }, limits));
  } else if (dialect === 'json') {
    const syntax = jsonSyntaxError(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
    if (syntax) {
      // Strict JSON decides: what YAML made of the text is dropped.
      result.resources = [];
      result.skipped = 0;
      result.problems = [problemAt(file, lines, syntax.offset, `Invalid JSON: ${syntax.message}`)];
    }
  }
}

function stopProblem(file: string, lines: LineIndex, stop: StreamStop, limits: ResolvedLimits): ParseProblem {
  const rest = ` Reading stopped here, in document ${stop.documentIndex}; it and the rest of the file were not read.`;
  switch (stop.reason) {
    case 'depth':
      return problemAt(file, lines, stop.offset, tooDeepMessage(limits.maxDepth) + rest);
    case 'tokens':
      return problemAt(file, lines, stop.offset, `Document has more than ${limits.maxTokensPerDocument} YAML tokens (the limit guards against memory exhaustion).` + rest);
    case 'documents':
      return problemAt(file, lines, stop.offset, `File has more than ${limits.maxDocuments} documents (the limit guards against resource exhaustion).` + rest);
  }
}
