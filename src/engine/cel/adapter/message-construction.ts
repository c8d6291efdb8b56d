import { tokenize, type Token } from '../tokens.ts';

/** The function message construction is rewritten to: `__message(typeName, fields)`. */
export const MESSAGE_FUNCTION = '__message';

const KEYWORDS = new Set(['in', 'true', 'false', 'null']);
const OPENERS = new Set(['(', '[', '{', '[?']);
const CLOSERS = new Set([')', ']', '}']);

/** Index of the first token of the qualified name that ends at `last` (`Object.spec.template`). */
function nameStart(tokens: readonly Token[], last: number): number {
  let first = last;
  while (first >= 2 && tokens[first - 1]?.text === '.' && tokens[first - 2]?.kind === 'ident') first -= 2;
  return first;
}

/**
 * CEL message construction — `Object{spec: Object.spec{…}}`, `JSONPatch{op: "add", …}` as
 * Kubernetes' MutatingAdmissionPolicy and Kyverno's policies write it — which the CEL library
 * does not parse, rewritten to a call that builds a map: `__message("Object", {"spec": …})`.
 * Field names become string keys; everything else (strings, comments, layout) is kept.
 */
export function rewriteMessageConstruction(source: string): string {
  if (!source.includes('{')) return source;
  const tokens = tokenize(source);
  /** token index of a message's `{` -> index of the first token of its type name */
  const messages = new Map<number, number>();
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    if (token.text === '{' && previous?.kind === 'ident' && !KEYWORDS.has(previous.text)) messages.set(index, nameStart(tokens, index - 1));
  });
  if (messages.size === 0) return source;
  const nameStarts = new Map<number, number>([...messages].map(([brace, first]) => [first, brace]));
  const stack: ('msg' | 'other')[] = [];
  let out = '';
  let cursor = 0;
  const emit = (from: number, to: number, text: string): void => {
    out += source.slice(cursor, from) + text;
    cursor = to;
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const brace = nameStarts.get(index);
    if (brace !== undefined) {
      const name = tokens
        .slice(index, brace)
        .map((t) => t.text)
        .join('');
      emit(token.start, (tokens[brace] as Token).end, `${MESSAGE_FUNCTION}(${JSON.stringify(name)}, {`);
      stack.push('msg');
      index = brace;
      continue;
    }
    if (OPENERS.has(token.text)) {
      stack.push('other');
      continue;
    }
    if (CLOSERS.has(token.text)) {
      if (stack.pop() === 'msg') emit(token.start, token.end, '})');
      continue;
    }
    const previous = tokens[index - 1];
    const isField =
      token.kind === 'ident' &&
      stack[stack.length - 1] === 'msg' &&
      (previous?.text === '{' || previous?.text === ',') &&
      tokens[index + 1]?.text === ':';
    if (isField) emit(token.start, token.end, JSON.stringify(token.text));
  }
  return out + source.slice(cursor);
}
