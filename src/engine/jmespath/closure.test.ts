import { TreeInterpreter, compile } from '@jmespath-community/jmespath';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/json.ts';
import { compileClosure, type InterpreterParts } from './closure.ts';
import { missingKey } from './missing-key.ts';

type Interpreter = typeof TreeInterpreter;
const interpreter = new (TreeInterpreter.constructor as new () => Interpreter)();
const parts = interpreter as unknown as InterpreterParts;

const EXPRESSIONS = [
  'a', 'a.b', 'a.b.c', 'a[0]', 'a[-1]', 'a[5]', 'a[1:3]', 'a[::-1]', 's[1:3]', 's[::-1]', 'a[*]', 'a[*].b', 'a[].b', 'a[][]',
  'o.*', 'o.*.b', 'a[?b]', 'a[?b == `1`]', 'a[?b > `1`]', 'a[?b >= `1`].c', 'a[?b < `2`]', 'a[?b != `1`]', "a[?c == 'x']",
  'a || b', 'a && b', '!a', 'a.b && c', 'x.y && a.b', '[a, b]', '{x: a, y: b}', 'a | [0]', 'length(a)', 'keys(o)',
  'sort_by(a[?b], &b)', 'map(&b, a[?b])', 'a ? b : c', 'to_string(a)', 'contains(a, `1`)', '`[1,2]`', "'lit'", '@', '@.a',
  'a[?@]', 'merge(o, `{"x": 1}`)', 'a[0:1].b', 'nope', 'nope.x', 'o.nope', 'a.nope', 'a.[b, c]', 'a.{x: b}', 'abs(a)', 's[::0]',
];
const DATA: JsonValue[] = [
  { a: [{ b: 1, c: 'x' }, { b: 2, c: 'y' }, { b: null }, 3, 'q', [1, 2]], o: { p: { b: 1 }, q: { b: 2 } }, s: 'hello', b: 0, c: '' },
  { a: { b: { c: 5 } }, b: [], c: {}, o: {} },
  { a: 'str', b: false, c: true, o: null, s: 'é𝄞x' },
  [1, 2, 3],
  null,
  'text',
];

function outcome(run: () => unknown): unknown {
  try {
    return { value: run() ?? null };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('JMESPath closures', () => {
  it('give what the interpreter gives, values, errors and missing keys', () => {
    let compiled = 0;
    for (const expression of EXPRESSIONS) {
      const ast = compile(expression, { enable_legacy_literals: true });
      const program = compileClosure(ast, parts);
      if (!program) continue;
      compiled++;
      for (const data of DATA) {
        const expected = outcome(() => interpreter.search(ast, data as never));
        expect(outcome(() => program.evaluate(data)), `${expression} on ${JSON.stringify(data)}`).toEqual(expected);
        const visit = (node: unknown, value: JsonValue): JsonValue => interpreter.visit(node as never, value as never) as JsonValue;
        expect(outcome(() => program.missing?.(data)), `missing ${expression}`).toEqual(outcome(() => missingKey(ast as never, data, visit)));
      }
    }
    expect(compiled).toBe(EXPRESSIONS.length);
  });

  it('leaves to the interpreter what they do not handle', () => {
    expect(compileClosure(compile('$.a', { enable_legacy_literals: true }), parts)).toBeUndefined();
    expect(compileClosure(compile('a + b', { enable_legacy_literals: true }), parts)).toBeUndefined();
    expect(compileClosure(compile('sort_by(a, &$.b)', { enable_legacy_literals: true }), parts)).toBeUndefined();
  });
});
