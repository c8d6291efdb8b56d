import { getAtPointer, toPointer, type JsonObject } from '../../core/json.ts';
import type { NamedExpression } from './program.ts';
import { tokenize, type Token } from './tokens.ts';
import { appendAll } from '../../core/append-all.ts';

const MAX_VARIABLE_DEPTH = 5;

function unquote(token: Token): string | undefined {
  const text = token.text.replace(/^[rR]/, '');
  const quote = text[0];
  if ((quote !== '"' && quote !== "'") || text.length < 2) return undefined;
  try {
    return quote === '"' ? (JSON.parse(text) as string) : (JSON.parse('"' + text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"') as string);
  } catch {
    return text.slice(1, -1);
  }
}

/** Selections `<root>.a.?b["c"]` in an expression, as field paths; a trailing method call is not a field. */
function selections(source: string, root: string): string[][] {
  const tokens = tokenize(source);
  const out: string[][] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'ident' || token.text !== root || tokens[index - 1]?.text === '.' || tokens[index - 1]?.text === '.?') return;
    const path: string[] = [];
    let i = index + 1;
    for (;;) {
      const sep = tokens[i]?.text;
      const next = tokens[i + 1];
      if ((sep === '.' || sep === '.?') && next?.kind === 'ident') {
        if (tokens[i + 2]?.text === '(') break;
        path.push(next.text);
        i += 2;
        continue;
      }
      if ((sep === '[' || sep === '[?') && next?.kind === 'string' && tokens[i + 2]?.text === ']') {
        const key = unquote(next);
        if (key === undefined) break;
        path.push(key);
        i += 3;
        continue;
      }
      break;
    }
    out.push(path);
  });
  return out;
}

/** Every `object.…` selection an expression reads, through the variables it uses. */
function objectSelections(source: string, variables: readonly NamedExpression[], depth: number): string[][] {
  const found = selections(source, 'object');
  if (depth >= MAX_VARIABLE_DEPTH) return found;
  for (const [name] of selections(source, 'variables')) {
    const variable = variables.find((v) => v.name === name);
    if (variable) appendAll(found, objectSelections(variable.expression, variables, depth + 1));
  }
  return found;
}

/**
 * Where a failed validation is about: the deepest `object.…` selection its expression reads
 * (following `variables.x` to their definitions), cut back to the part that exists in the
 * resource. Autogen programs read `object.spec.template.spec…`, so their findings land in
 * the template. Empty when the expression reads no field of the object.
 */
export function expressionPointers(expression: string, variables: readonly NamedExpression[], resource: JsonObject): string[] {
  const pointers = new Set<string>();
  for (const path of objectSelections(expression, variables, 0)) {
    let length = path.length;
    while (length > 0 && getAtPointer(resource, toPointer(path.slice(0, length))) === undefined) length--;
    if (length > 0) pointers.add(toPointer(path.slice(0, length)));
  }
  return [...pointers].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b)).slice(0, 1);
}
