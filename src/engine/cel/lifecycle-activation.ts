import type { JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import type { NamedExpression } from './program.ts';
import { activation, createCelEnvironment, fromCel, toCel, type CelActivation, type CelEnvironment, type CelExpression } from './adapter/index.ts';
import { admissionRequest, type CelRequest } from './admission-request.ts';

/**
 * Expressions of the GeneratingPolicy / DeletingPolicy kinds, compiled once per source in one
 * environment, and their activation: the request's variables, the policy's lazily computed
 * `variables`, and extra library bindings (the generator).
 */
export interface LifecycleCel {
  compile(source: string): Outcome<CelExpression>;
  activation(request: CelRequest, variables: readonly NamedExpression[], extra?: Record<string, unknown>): Outcome<CelActivation>;
  /** Evaluate to JSON. */
  json(source: string, act: CelActivation): Outcome<JsonValue>;
  /** Evaluate a condition: true, false, or why it is neither. */
  bool(source: string, act: CelActivation, what: string): Outcome<boolean>;
}

export function createLifecycleCel(env: CelEnvironment = createCelEnvironment()): LifecycleCel {
  const compiled = new Map<string, Outcome<CelExpression>>();
  const compile = (source: string): Outcome<CelExpression> => {
    let entry = compiled.get(source);
    if (!entry) {
      entry = env.compile(source);
      compiled.set(source, entry);
    }
    return entry;
  };
  const run = (source: string, act: CelActivation): Outcome<unknown> => {
    const expression = compile(source);
    return expression.ok ? expression.value.evaluate(act) : expression;
  };
  return {
    compile,
    activation(request, variables, extra = {}) {
      const entries: Record<string, () => unknown> = {};
      let current: CelActivation | undefined;
      for (const variable of variables) {
        const expression = compile(variable.expression);
        if (!expression.ok) return err(`variable ${variable.name} does not compile: ${expression.error}`);
        entries[variable.name] = () => {
          const result = expression.value.evaluate(current as CelActivation);
          if (!result.ok) throw new Error(`variable ${variable.name}: ${result.error}`);
          return result.value;
        };
      }
      const values: Record<string, unknown> = {
        object: toCel(request.object),
        oldObject: toCel(request.oldObject),
        request: toCel(admissionRequest(request)),
        params: null,
        namespaceObject: toCel(request.namespaceObject),
        ...extra,
      };
      current = activation(values, request.context, { name: 'variables', entries });
      return ok(current);
    },
    json(source, act) {
      const result = run(source, act);
      return result.ok ? ok(fromCel(result.value) ?? null) : result;
    },
    bool(source, act, what) {
      const result = run(source, act);
      if (!result.ok) return err(`${what}: ${result.error}`);
      return typeof result.value === 'boolean' ? ok(result.value) : err(`${what} must evaluate to a bool`);
    },
  };
}

let shared: LifecycleCel | undefined;

/** One per process (or worker thread): expressions compile once. */
export function sharedLifecycleCel(): LifecycleCel {
  shared ??= createLifecycleCel();
  return shared;
}
