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
import { compileClosure, type ClosureProgram, type InterpreterParts } from './closure.ts';

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

interface Compiled {
  ast: ExpressionNode;
  /** Set when the expression is a plain chain of fields (`request.object.spec`): its names. */
  chain: string[] | undefined;
  /** The expression as closures, when every node of it has one. */
  program: ClosureProgram | undefined;
}

/** The names of a plain field chain `a.b.c` (Subexpressions of Fields), or undefined. */
function fieldChain(node: ExpressionNode): string[] | undefined {
  const names: string[] = [];
  let current: ExpressionNode = node;
  while (current.type === 'Subexpression') {
    const right = current.right;
    if (right.type !== 'Field') return undefined;
    names.push(right.name);
    current = current.left;
  }
  if (current.type !== 'Field') return undefined;
  names.push(current.name);
  return names.reverse();
}

/**
 * A field chain evaluated directly, as the interpreter and missingKey would: a name absent
 * from an object is an error (Kyverno's "Unknown key"); a step from something that is not
 * an object yields null.
 */
function followChain(names: readonly string[], data: JsonValue): Outcome<JsonValue> {
  let value: JsonValue = data;
  for (const name of names) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return ok(null);
    if (!Object.prototype.hasOwnProperty.call(value, name)) return err(`JMESPath query failed: Unknown key "${name}" in path`);
    value = value[name] ?? null;
  }
  return ok(value);
}

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
  const compiled = new Map<string, Compiled | Error>();
  const compileOnce = (expression: string): Compiled | Error => {
    let entry = compiled.get(expression);
    if (entry === undefined) {
      try {
        const ast = compile(expression, { enable_legacy_literals: true });
        entry = { ast, chain: fieldChain(ast), program: compileClosure(ast, interpreter as unknown as InterpreterParts) };
      } catch (e) {
        entry = e as Error;
      }
      if (compiled.size < 10_000) compiled.set(expression, entry);
    }
    return entry;
  };

  return {
    functionNames: interpreter.runtime.getRegistered(),
    search(expression: string, data: JsonValue): Outcome<JsonValue> {
      const entry = compileOnce(expression);
      if (entry instanceof Error) return err(`incorrect query ${expression}: ${entry.message}`);
      if (entry.chain !== undefined) return followChain(entry.chain, data);
      const { ast, program } = entry;
      let value: JsonValue = null;
      let failure: string | undefined;
      try {
        value = (program ? program.evaluate(data) : interpreter.search(ast, data as JSONValue)) as JsonValue;
      } catch (e) {
        failure = (e as Error).message;
      }
      let missing: string | undefined;
      try {
        missing = program ? (program.missing?.(data) ?? undefined) : missingKey(ast as never, data, visit);
      } catch {
        missing = undefined;
      }
      if (missing !== undefined) return err(`JMESPath query failed: Unknown key "${missing}" in path`);
      if (failure !== undefined) return err(`JMESPath query failed: ${failure}`);
      return ok(value === undefined ? null : value);
    },
  };
}
