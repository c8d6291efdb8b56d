import { Composer, CST, Parser, parseAllDocuments } from 'yaml';
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

/**
 * The `yaml` package's parser reads `process.env.LOG_TOKENS` for every token (a debugging
 * switch). A `process.env` read is a call into the runtime, about a quarter of a microsecond:
 * a fifth of the time of parsing a manifest, and fix planning parses every fixed document
 * twice (to edit it, and to read the edit back). QuietParser is the package's `Parser` with
 * that one read left out; everything else is the package's own code.
 *
 * `next` below is the package's `Parser.prototype.next` (yaml 2.x) without the switch, and it
 * uses the parser's private fields. It is used only when the package's `next` still reads the
 * switch and uses those fields, and parses a sample covering every kind of token to the same
 * syntax tree as the package's parser; otherwise parsing goes through the package as it is.
 */
interface ParserInternals {
  source: string;
  atScalar: boolean;
  atNewLine: boolean;
  indent: number;
  offset: number;
  type: CST.TokenType;
  onNewLine?: (offset: number) => void;
  step(): Generator<CST.Token, void>;
  pop(error?: CST.Token): Generator<CST.Token, void>;
}

// read once: each read of the package's exports is a getter in the bundles (see core/yaml-guards.ts)
const { tokenType } = CST;

class QuietParser extends Parser {
  override *next(source: string): Generator<CST.Token, void> {
    const self = this as unknown as ParserInternals;
    self.source = source;
    if (self.atScalar) {
      self.atScalar = false;
      yield* self.step();
      self.offset += source.length;
      return;
    }
    const type = tokenType(source);
    if (!type) {
      const message = `Not a YAML token: ${source}`;
      yield* self.pop({ type: 'error', offset: self.offset, message, source });
      self.offset += source.length;
    } else if (type === 'scalar') {
      self.atNewLine = false;
      self.atScalar = true;
      self.type = 'scalar';
    } else {
      self.type = type;
      yield* self.step();
      switch (type) {
        case 'newline':
          self.atNewLine = true;
          self.indent = 0;
          if (self.onNewLine) self.onNewLine(self.offset + source.length);
          break;
        case 'space':
          if (self.atNewLine && source[0] === ' ') self.indent += source.length;
          break;
        case 'explicit-key-ind':
        case 'map-value-ind':
        case 'seq-item-ind':
          if (self.atNewLine) self.indent += source.length;
          break;
        case 'doc-mode':
        case 'flow-error-end':
          return;
        default:
          self.atNewLine = false;
      }
      self.offset += source.length;
    }
  }
}

/** Every kind of token: directives, markers, comments, block and flow collections, scalars of each style, properties, errors. */
const SAMPLE = [
  '%YAML 1.1',
  '%TAG !e! tag:example.com,2000:',
  '--- # a document',
  'a: &x 1',
  'b: *x',
  '? complex key',
  ': value',
  'c: "double \\" quoted"',
  "d: 'single '' quoted'",
  'e: |-',
  '  literal',
  '   text',
  'f: >',
  '  folded',
  'g: !e!tag {k: [1, 2, {m: n}], "q": x}',
  'h:',
  '- item',
  '-   - nested',
  '    - list',
  '- k: v',
  '  l: w',
  'i: plain',
  '  multi line',
  '...',
  '---',
  '[unclosed',
  '--- {a: b',
  'c: d',
  '--- !!str',
  'a: b: c',
  '\t- tab',
  '',
].join('\n');

const upstream = Parser.prototype.next.toString();
const fieldsUsed = ['LOG_TOKENS', 'atScalar', 'atNewLine', 'indent', 'offset', 'onNewLine', 'step', 'pop', 'tokenType'];

function agrees(): boolean {
  if (!fieldsUsed.every((name) => upstream.includes(name))) return false;
  try {
    const plain = JSON.stringify(Array.from(new Parser().parse(SAMPLE)));
    const quiet = JSON.stringify(Array.from(new QuietParser().parse(SAMPLE)));
    return plain === quiet;
  } catch {
    return false;
  }
}

/** Whether parsing goes through QuietParser (false: the package's parser, the package has changed). */
export const quietParsing = agrees();

/** A parser for a Lexer/Parser/Composer pipeline driven by hand (the manifest reader's): QuietParser when it agrees. */
export function createParser(): Parser {
  return quietParsing ? new QuietParser() : new Parser();
}

/** parseAllDocuments for options without a line counter or pretty errors; an empty stream gives no documents. */
export function parseAllQuietly(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed[] {
  if (!quietParsing) {
    const docs = parseAllDocuments(text, options);
    return Array.isArray(docs) ? docs : [];
  }
  return Array.from(new Composer(options).compose(new QuietParser().parse(text)));
}
