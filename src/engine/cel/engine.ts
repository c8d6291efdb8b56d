import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { Outcome } from '../../core/outcome.ts';
import { createCelEnvironment, type CelEnvironment, type CelExpression } from './adapter/index.ts';
import type { CelRequest } from './admission-request.ts';
import { compileProgram, type CompiledProgram } from './compile-program.ts';
import { evaluateExpression, evaluateProgram, type ProgramOutcome } from './evaluate-program.ts';
import type { AdmissionProgram } from './program.ts';

/** Compiles admission programs once (per program object) and evaluates them. */
export interface CelEngine {
  compile(program: AdmissionProgram): Outcome<CompiledProgram>;
  run(program: AdmissionProgram, request: CelRequest, params: JsonObject | null): ProgramOutcome;
  /** A standalone expression (e.g. a MutatingPolicy's targetMatchConstraints.expression), compiled once per source. */
  value(source: string, request: CelRequest): Outcome<JsonValue>;
}

export function createCelEngine(env: CelEnvironment = createCelEnvironment()): CelEngine {
  const compiled = new WeakMap<AdmissionProgram, Outcome<CompiledProgram>>();
  const compile = (program: AdmissionProgram): Outcome<CompiledProgram> => {
    let entry = compiled.get(program);
    if (!entry) {
      entry = compileProgram(env, program);
      compiled.set(program, entry);
    }
    return entry;
  };
  const expressions = new Map<string, Outcome<CelExpression>>();
  return {
    compile,
    value(source, request) {
      let expression = expressions.get(source);
      if (!expression) {
        expression = env.compile(source);
        expressions.set(source, expression);
      }
      if (!expression.ok) return expression;
      return evaluateExpression(expression.value, request);
    },
    run(program, request, params) {
      const entry = compile(program);
      if (!entry.ok) return { status: 'error', message: `the policy does not compile: ${entry.error}`, failures: [] };
      return evaluateProgram(entry.value, request, params);
    },
  };
}

let shared: CelEngine | undefined;

/**
 * The engine evaluations use unless one is passed in: a memo of compiled programs, keyed by
 * the (immutable) program objects of loaded policies, so each is compiled once per process
 * (or per worker thread).
 */
export function sharedCelEngine(): CelEngine {
  shared ??= createCelEngine();
  return shared;
}
