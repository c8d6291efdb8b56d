import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { variableMatches, variableName } from '../jmespath/template.ts';
import { consume, CONST, opaqueOf, top, type Abstract } from './abstract-value.ts';
import { chainRoot, expressionValue } from './expression-reads.ts';
import type { FootprintBuilder } from './footprint.ts';

/**
 * What one string yields once its `{{ … }}` variables are substituted (see
 * substituteString): a string that is exactly one variable is that variable's value;
 * several variables, or one inside a longer string, give text, and because substitution
 * repeats on the result, a value read from the resource could bring further variables
 * with it: such a string may read anything unless all its variables are constant.
 */
export function templateValue(text: string, scope: Abstract, reads: FootprintBuilder): Abstract {
  if (!text.includes('{{')) return CONST;
  const matches = variableMatches(text);
  if (matches.length === 0) return CONST;
  let rest = text;
  for (const m of matches) rest = rest.replace(m, '');
  if (rest.includes('{{')) return top('nested variables');
  const values = matches.map((m) => {
    const name = variableName(m);
    return name === '@' ? top('{{@}} refers to the resource where it is used') : expressionValue(name, scope, reads);
  });
  if (matches.length === 1 && matches[0] === text) return values[0] ?? CONST;
  if (values.some((v) => v.k !== 'const')) return top('a variable inside a longer string');
  return CONST;
}

/** Scope variables that are always there (see buildScope), besides those bound in the footprint's scope. */
const ALWAYS_THERE = new Set(['serviceAccountName', 'serviceAccountNamespace']);

/**
 * A variable that cannot resolve where it is used: a plain chain from a name the scope does
 * not hold (`{{ element.name }}` at the rule level), so the substitution fails and the text
 * stays as written. Only without Values-file variables (which could define any name).
 */
function unresolvable(name: string, scope: Abstract): boolean {
  const root = chainRoot(name);
  return root !== undefined && scope.k === 'scope' && !scope.bindings.has(root) && !ALWAYS_THERE.has(root);
}

/**
 * What a message reads: each variable is used whole, and text built from several is fine
 * when every one is a value of the resource (no function result or constant, whose text is
 * unknown here) and the message has no other braces: then, for a resource without braces
 * in its text (the footprint is `guarded`), the second substitution pass finds nothing. A
 * message with a variable that cannot resolve there stays as written.
 */
export function messageReads(text: string | undefined, scope: Abstract, reads: FootprintBuilder): void {
  if (text === undefined || !text.includes('{{')) return;
  const matches = variableMatches(text);
  if (matches.some((m) => unresolvable(variableName(m), scope))) return;
  let rest = text;
  for (const m of matches) rest = rest.replace(m, '');
  if (rest.includes('{') || rest.includes('}')) {
    reads.everything('a message with braces besides its variables');
    return;
  }
  const values = matches.map((m) => {
    const name = variableName(m);
    return name === '@' ? top('{{@}} refers to the resource where it is used') : expressionValue(name, scope, reads);
  });
  for (const v of values) consume(v, reads);
  if (matches.length === 1 && matches[0] === text) return;
  if (!values.every((v) => v.k === 'paths' && !v.opaque)) {
    reads.everything('a message built from computed values');
    return;
  }
  reads.guarded = true;
}

/** Every variable in a JSON value (keys and strings), each used whole; what the value then holds. */
export function templatesIn(value: JsonValue | undefined, scope: Abstract, reads: FootprintBuilder, skipKeys: readonly string[] = []): Abstract {
  const found: Abstract[] = [];
  const walk = (v: JsonValue | undefined): void => {
    if (typeof v === 'string') found.push(templateValue(v, scope, reads));
    else if (isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      for (const [key, item] of Object.entries(v)) {
        if (skipKeys.includes(key)) continue;
        found.push(templateValue(key, scope, reads));
        walk(item);
      }
    }
  };
  walk(value);
  for (const f of found) consume(f, reads);
  return opaqueOf(found, reads);
}
