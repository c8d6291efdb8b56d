import { Composer, Lexer } from 'yaml';
import { createParser } from '../fix/quiet-parser.ts';
import type { Document } from 'yaml';
import type { ResolvedLimits } from './parse-options.ts';
import { sharedYamlOptions } from './yaml-options.ts';
import type { YamlDialect } from './yaml-options.ts';

/** Why reading a stream stopped early, and where. */
export interface StreamStop {
  reason: 'depth' | 'tokens' | 'documents';
  offset: number;
  /** Index of the document that was not read (earlier ones were). */
  documentIndex: number;
}

/**
 * Lex, parse and compose a YAML stream, handing each document to
 * `onDocument` as soon as it is complete (so its syntax tree can be dropped).
 *
 * The parser is driven one lexeme at a time and watched, so that hostile
 * input is stopped before it costs the (recursive) composer its stack or
 * the process its memory: nesting deeper than `maxDepth`, a document of more
 * than `maxTokensPerDocument` lexemes, or more than `maxDocuments` documents.
 * Linear in the input; never throws for any input text. `keepSourceTokens`: each node keeps
 * its syntax token, as the fix planner's parse does (for a caller that hands the documents on).
 */
export function composeStream(
  text: string,
  limits: Pick<ResolvedLimits, 'maxDepth' | 'maxTokensPerDocument' | 'maxDocuments'>,
  dialect: YamlDialect,
  onDocument: (doc: Document.Parsed, index: number) => void,
  keepSourceTokens = false,
): StreamStop | undefined {
  const composer = new Composer(sharedYamlOptions(dialect, text, keepSourceTokens ? { keepSourceTokens } : undefined));
  const parser = createParser();
  let count = 0;
  let stop: StreamStop | undefined;
  const take = (docs: Iterable<Document.Parsed>): void => {
    for (const doc of docs) {
      if (stop) return;
      if (count >= limits.maxDocuments) {
        stop = { reason: 'documents', offset: doc.range[0], documentIndex: count };
        return;
      }
      onDocument(doc, count);
      count += 1;
    }
  };
  // The parser stack holds the document, one entry per open collection and
  // at most one scalar being built.
  const stackLimit = limits.maxDepth + 2;
  let tokensInDocument = 0;
  let openDocument: unknown;
  for (const lexeme of new Lexer().lex(text, false)) {
    for (const token of parser.next(lexeme)) take(composer.next(token));
    if (stop) return stop;
    if (parser.stack[0] !== openDocument) {
      openDocument = parser.stack[0];
      tokensInDocument = 0;
    }
    tokensInDocument += 1;
    const tooDeep = parser.stack.length > stackLimit;
    if (tooDeep || tokensInDocument > limits.maxTokensPerDocument) {
      // stack[maxDepth + 1] is the first collection nested beyond the limit.
      const offset = tooDeep ? (parser.stack[limits.maxDepth + 1]?.offset ?? parser.offset) : (parser.stack[0]?.offset ?? parser.offset);
      take(composer.end(false, offset));
      return stop ?? { reason: tooDeep ? 'depth' : 'tokens', offset, documentIndex: count };
    }
  }
  for (const token of parser.end()) take(composer.next(token));
  take(composer.end(false, text.length));
  return stop;
}
