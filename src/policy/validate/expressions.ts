import { compile } from '@jmespath-community/jmespath';
import { isArray, isObject, joinPointer, type JsonValue } from '../../core/json.ts';

/** A JMESPath expression that does not parse, at a pointer relative to where the walk began. */
export interface ExpressionMistake {
  pointer: string;
  message: string;
}

/** `{{ … }}` not escaped with a backslash; one level of single braces may nest inside (as the engine's template). */
const VARIABLE = /(^|[^\\])\{\{((?:\{[^{}]*\}|[^{}])*)\}\}/g;

/** Fields whose whole value is a JMESPath expression, not a template: a foreach's list, a context entry's jmesPath. */
const EXPRESSION_FIELD = /\/foreach\/\d+\/list$|\/context\/\d+\/(?:variable|apiCall|globalReference|imageRegistry)\/jmesPath$/;

/** Parts of a rule that hold CEL or data for other resources, not JMESPath templates. */
const SKIPPED_KEYS = new Set(['cel', 'celPreconditions', 'assert']);

function parseError(expression: string): string | undefined {
  try {
    compile(expression, { enable_legacy_literals: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function mistake(pointer: string, expression: string, error: string): ExpressionMistake {
  return {
    pointer,
    message: `the JMESPath expression \`${expression}\` does not parse (${error}); correct it, or write \`\\{{ … }}\` if the braces are meant literally`,
  };
}

function stringMistakes(text: string, pointer: string, wholeExpression: boolean): ExpressionMistake[] {
  const found: ExpressionMistake[] = [];
  let variables = 0;
  for (const m of text.matchAll(VARIABLE)) {
    variables++;
    const expression = (m[2] ?? '').trim();
    // `{{@}}` and an empty `{{}}` are Kyverno's own; an inner variable makes the outer one a template
    if (expression === '' || expression === '@') continue;
    const error = parseError(expression);
    if (error !== undefined) found.push(mistake(pointer, expression, error));
  }
  if (wholeExpression && variables === 0 && !text.includes('{{')) {
    const expression = text.trim();
    const error = expression === '' ? undefined : parseError(expression);
    if (error !== undefined) found.push(mistake(pointer, expression, error));
  }
  return found;
}

/** Every JMESPath expression of a rule, in `{{ }}` variables and in `jmesPath`/`list` fields, must parse. */
export function expressionMistakes(value: JsonValue, pointer = ''): ExpressionMistake[] {
  if (typeof value === 'string') return stringMistakes(value, pointer, EXPRESSION_FIELD.test(pointer));
  if (isArray(value)) return value.flatMap((item, i) => expressionMistakes(item, joinPointer(pointer, i)));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (SKIPPED_KEYS.has(k) ? [] : expressionMistakes(v, joinPointer(pointer, k))));
}
