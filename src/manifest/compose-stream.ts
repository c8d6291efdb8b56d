import { Composer, Lexer, Parser } from 'yaml';
import type { Document } from 'yaml';
import { yamlOptions } from './yaml-options.ts';
import type { YamlDialect } from './yaml-options.ts';

export interface ComposedStream {
  /** Documents in file order (empty documents included, so indices match the file). */
  documents: Document.Parsed[];
  /**
   * Set when collections nested deeper than the limit: parsing stopped at
   * `offset`, inside the document with index `documentIndex`; documents after
   * it are not read.
   */
  tooDeep?: { offset: number; documentIndex: number };
}

/**
 * Lex, parse and compose a YAML stream, watching the parser's stack so a
 * deeply nested input is stopped before it reaches the (recursive) composer.
 * Every step is linear in the input; nothing here throws for any input text.
 */
export function composeStream(text: string, maxDepth: number, dialect: YamlDialect): ComposedStream {
  const documents: Document.Parsed[] = [];
  const composer = new Composer(yamlOptions(dialect));
  const parser = new Parser();
  const lexer = new Lexer();
  // The parser stack holds the document, one entry per open collection and
  // at most one scalar being built.
  const stackLimit = maxDepth + 2;
  for (const lexeme of lexer.lex(text, false)) {
    for (const token of parser.next(lexeme)) {
      for (const doc of composer.next(token)) documents.push(doc);
    }
    if (parser.stack.length > stackLimit) {
      // stack[maxDepth + 1] is the first collection nested beyond the limit.
      const offset = parser.stack[maxDepth + 1]?.offset ?? parser.offset;
      for (const doc of composer.end(false, offset)) documents.push(doc);
      return { documents, tooDeep: { offset, documentIndex: documents.length } };
    }
  }
  for (const token of parser.end()) {
    for (const doc of composer.next(token)) documents.push(doc);
  }
  for (const doc of composer.end(false, text.length)) documents.push(doc);
  return { documents };
}
