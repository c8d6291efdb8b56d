import { TYPE_ANY, TreeInterpreter, compile, type JSONValue } from '@jmespath-community/jmespath';
import type { JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { ARITHMETIC_FUNCTIONS } from './functions/arithmetic.ts';
import { ENCODING_FUNCTIONS } from './functions/encoding.ts';
import { IMAGE_FUNCTIONS } from './functions/images.ts';
import { OBJECT_FUNCTIONS } from './functions/objects.ts';
import { RANDOM_FUNCTIONS } from './functions/random.ts';
import { SEMVER_FUNCTIONS } from './functions/semver.ts';
import { STRING_FUNCTIONS } from './functions/strings.ts';
import { TIME_FUNCTIONS } from './functions/time.ts';
import { X509_FUNCTIONS } from './functions/x509.ts';
import type { JmespathEnvironment, KyvernoFunction } from './function-types.ts';
import { missingKey } from './missing-key.ts';

/** Every Kyverno custom function preadmit implements; they override same-named built-ins (replace, split, trim, items, sum), as in Kyverno. */
export const KYVERNO_FUNCTIONS: readonly KyvernoFunction[] = [
  ...STRING_FUNCTIONS,
  ...ARITHMETIC_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...OBJECT_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...SEMVER_FUNCTIONS,
  ...IMAGE_FUNCTIONS,
  ...RANDOM_FUNCTIONS,
  ...X509_FUNCTIONS,
];

export interface KyvernoJmespath {
  /** Evaluate an expression against data, Kyverno's way (missing keys along the path are errors). */
  search(expression: string, data: JsonValue): Outcome<JsonValue>;
  /** Names of every function callable in expressions (built-in and Kyverno's). */
  readonly functionNames: readonly string[];
}

type Interpreter = typeof TreeInterpreter;
type ExpressionNode = ReturnType<typeof compile>;

/**
 * A JMESPath evaluator with Kyverno's functions, on its own interpreter instance: nothing
 * is registered in the library's global function table. Legacy literals (`abc` without
 * JSON quotes) are accepted, as go-jmespath does.
 */
export function createKyvernoJmespath(environment: Partial<JmespathEnvironment> = {}): KyvernoJmespath {
  const env: JmespathEnvironment = {
    now: environment.now ?? (() => new Date()),
    random: environment.random ?? Math.random,
  };
  const Constructor = TreeInterpreter.constructor as new () => Interpreter;
  const interpreter = new Constructor();
  for (const fn of KYVERNO_FUNCTIONS) {
    const signature = Array.from({ length: fn.arity }, () => ({ types: [TYPE_ANY] }));
    const result = interpreter.runtime.register(fn.name, (args) => fn.call(args as JsonValue[], env) as JSONValue, signature, { override: true });
    if (!result.success) throw new Error(`cannot register JMESPath function ${fn.name}: ${result.message}`);
  }
  const visit = (node: unknown, value: JsonValue): JsonValue => interpreter.visit(node as ExpressionNode, value as JSONValue) as JsonValue;
  // policies evaluate the same few expressions on every resource: compile each once
  const compiled = new Map<string, ExpressionNode | Error>();
  const compileOnce = (expression: string): ExpressionNode | Error => {
    let ast = compiled.get(expression);
    if (ast === undefined) {
      try {
        ast = compile(expression, { enable_legacy_literals: true });
      } catch (e) {
        ast = e as Error;
      }
      if (compiled.size < 10_000) compiled.set(expression, ast);
    }
    return ast;
  };

  return {
    functionNames: interpreter.runtime.getRegistered(),
    search(expression: string, data: JsonValue): Outcome<JsonValue> {
      const ast = compileOnce(expression);
      if (ast instanceof Error) return err(`incorrect query ${expression}: ${ast.message}`);
      let value: JsonValue = null;
      let failure: string | undefined;
      try {
        value = interpreter.search(ast, data as JSONValue) as JsonValue;
      } catch (e) {
        failure = (e as Error).message;
      }
      let missing: string | undefined;
      try {
        missing = missingKey(ast as never, data, visit);
      } catch {
        missing = undefined;
      }
      if (missing !== undefined) return err(`JMESPath query failed: Unknown key "${missing}" in path`);
      if (failure !== undefined) return err(`JMESPath query failed: ${failure}`);
      return ok(value === undefined ? null : value);
    },
  };
}
