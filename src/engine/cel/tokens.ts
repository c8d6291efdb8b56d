/** A lexical token of a CEL expression, with where it sits in the source. */
export interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct';
  text: string;
  start: number;
  end: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uU]?/y;
const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '.?', '[?'];

/** The end of a string literal starting at `start` (after any r/b prefix), or -1 when unterminated. */
function stringEnd(source: string, start: number, raw: boolean): number {
  const quote = source[start] as string;
  const triple = source.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < source.length) {
    if (!raw && source[i] === '\\') {
      i += 2;
      continue;
    }
    if (source.startsWith(close, i)) return i + close.length;
    if (!triple && source[i] === '\n') return -1;
    i++;
  }
  return -1;
}

/**
 * Split a CEL expression into tokens (whitespace and `//` comments dropped). Only as much
 * lexing as the adapter's source rewrites need: identifiers, string and number literals,
 * punctuation. An unterminated string ends the token list; the parser then reports it.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      const newline = source.indexOf('\n', i);
      i = newline === -1 ? source.length : newline + 1;
      continue;
    }
    const prefix = /^[rRbB]{1,2}(?=["'])/.exec(source.slice(i, i + 3));
    if (ch === '"' || ch === "'" || prefix) {
      const quoteAt = i + (prefix ? prefix[0].length : 0);
      const end = stringEnd(source, quoteAt, prefix !== null && /[rR]/.test(prefix[0]));
      if (end === -1) return tokens;
      tokens.push({ kind: 'string', text: source.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], start: i, end: i + ident[0].length });
      i += ident[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[0-9]/.test(ch) ? NUMBER.exec(source) : null;
    if (number) {
      tokens.push({ kind: 'number', text: number[0], start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    const text = PUNCT.includes(two) ? two : ch;
    tokens.push({ kind: 'punct', text, start: i, end: i + text.length });
    i += text.length;
  }
  return tokens;
}
