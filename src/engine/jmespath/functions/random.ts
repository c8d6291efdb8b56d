import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';

/**
 * random(pattern): a string matching a regular expression, as goregen generates it.
 * Supported: literals, escapes (\d \w \s and escaped punctuation), `.`, classes with
 * ranges and negation, groups, alternation and the quantifiers ? * + {n} {n,} {n,m}
 * (open-ended ones stop at 10 repetitions, as goregen does).
 */
type Node =
  | { kind: 'set'; chars: string[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const DIGITS = PRINTABLE.filter((c) => /\d/.test(c));
const WORD = PRINTABLE.filter((c) => /\w/.test(c));
const SPACE = [' ', '\t', '\n', '\r', '\f', '\v'];
const MAX_OPEN_REPEAT = 10;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected "${this.src[this.pos] ?? ''}" at ${this.pos}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'seq', items };
  }

  private atom(): Node {
    const ch = this.src[this.pos++] ?? '';
    if (ch === '(') {
      if (this.src.startsWith('?:', this.pos)) this.pos += 2;
      const inner = this.alternation();
      if (this.src[this.pos++] !== ')') throw new Error('missing )');
      return inner;
    }
    if (ch === '[') return this.charClass();
    if (ch === '.') return { kind: 'set', chars: PRINTABLE.filter((c) => c !== '\n') };
    if (ch === '\\') return { kind: 'set', chars: this.escape() };
    if (ch === '^' || ch === '$') return { kind: 'seq', items: [] };
    if ('*+?{'.includes(ch)) throw new Error(`missing argument to repetition operator: ${ch}`);
    return { kind: 'set', chars: [ch] };
  }

  private escape(): string[] {
    const ch = this.src[this.pos++] ?? '';
    if (ch === 'd') return DIGITS;
    if (ch === 'w') return WORD;
    if (ch === 's') return SPACE;
    if (ch === 'D') return PRINTABLE.filter((c) => !DIGITS.includes(c));
    if (ch === 'W') return PRINTABLE.filter((c) => !WORD.includes(c));
    if (ch === 'n') return ['\n'];
    if (ch === 't') return ['\t'];
    return [ch];
  }

  private charClass(): Node {
    let negate = false;
    if (this.src[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
    const chars = new Set<string>();
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      let ch = this.src[this.pos++] ?? '';
      if (ch === '\\') {
        for (const c of this.escape()) chars.add(c);
        continue;
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        let end = this.src[this.pos++] ?? '';
        if (end === '\\') end = this.src[this.pos++] ?? '';
        for (let c = ch.charCodeAt(0); c <= end.charCodeAt(0); c++) chars.add(String.fromCharCode(c));
        ch = '';
      }
      if (ch !== '') chars.add(ch);
    }
    if (this.src[this.pos++] !== ']') throw new Error('missing closing ]');
    const list = negate ? PRINTABLE.filter((c) => !chars.has(c)) : [...chars];
    if (list.length === 0) throw new Error('empty character class');
    return { kind: 'set', chars: list };
  }

  private quantified(node: Node): Node {
    const ch = this.src[this.pos];
    if (ch === '?') return this.take(1, node, 0, 1);
    if (ch === '*') return this.take(1, node, 0, MAX_OPEN_REPEAT);
    if (ch === '+') return this.take(1, node, 1, MAX_OPEN_REPEAT);
    if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Math.max(min, MAX_OPEN_REPEAT) : Number(m[3]);
        if (max < min) throw new Error(`invalid repeat count: ${m[0]}`);
        return this.take(m[0].length, node, min, max);
      }
    }
    return node;
  }

  private take(length: number, node: Node, min: number, max: number): Node {
    this.pos += length;
    if (this.src[this.pos] === '?') this.pos++;
    return { kind: 'repeat', node, min, max };
  }
}

function generate(node: Node, random: () => number): string {
  const pick = (n: number): number => Math.min(n - 1, Math.floor(random() * n));
  switch (node.kind) {
    case 'set':
      return node.chars[pick(node.chars.length)] ?? '';
    case 'seq':
      return node.items.map((n) => generate(n, random)).join('');
    case 'alt':
      return generate(node.options[pick(node.options.length)] as Node, random);
    case 'repeat': {
      const count = node.min + pick(node.max - node.min + 1);
      let out = '';
      for (let i = 0; i < count; i++) out += generate(node.node, random);
      return out;
    }
  }
}

export const RANDOM_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'random', arity: 1,
    call: (a, env) => {
      const pattern = stringArg('random', a, 0);
      if (pattern === '') throw new FunctionError('random', 'no pattern provided');
      let tree: Node;
      try {
        tree = new Parser(pattern).parse();
      } catch (e) {
        throw new FunctionError('random', (e as Error).message);
      }
      return generate(tree, env.random);
    },
  },
];
