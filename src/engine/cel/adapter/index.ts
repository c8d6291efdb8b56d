/**
 * The one adapter between preadmit and the CEL library (@marcbachmann/cel-js). Nothing
 * outside src/engine/cel/adapter imports the library: the rest of the engine compiles and
 * evaluates expressions through this module and sees JSON values and Outcomes only.
 *
 * The environment is Kubernetes' (optional types, cross-type numeric comparison, the
 * strings/lists/regex/quantity/url libraries) plus Kyverno's (resource, image, globalContext,
 * time, jsonpatch, parseServiceAccount, image()). Gaps between the library and cel-go as
 * Kubernetes and Kyverno configure it are closed here: message construction
 * (`Object{…}`, `JSONPatch{…}`), has() on any operand, Kyverno's lenient orValue and RE2.
 */
import { Environment, Optional } from '@marcbachmann/cel-js';
import { err, ok, type Outcome } from '../../../core/outcome.ts';
import { compileGoRegexp } from '../../jmespath/go-regexp.ts';
import { RegexLibrary, registerKubernetesLibrary } from './kubernetes-library.ts';
import { registerGeneratorLibrary } from './generator-library.ts';
import { kyvernoBindings, registerKyvernoLibrary, type CelContextData } from './kyverno-library.ts';
import { MESSAGE_FUNCTION, rewriteMessageConstruction } from './message-construction.ts';
import { HAS_FUNCTION, MATCHES_FUNCTION, mayNeedRewrite, OR_VALUE_FUNCTION, rewriteSyntax } from './syntax-rewrite.ts';

export type { CelContextData } from './kyverno-library.ts';
export { GeneratorLibrary, type GenerateSink } from './generator-library.ts';
export { celText, fromCel, toCel } from './values.ts';

/** A compiled expression: run it with an activation built by `activation()`. */
export interface CelExpression {
  /** The expression as written. */
  source: string;
  /** Evaluate; errors are values. */
  evaluate(activation: CelActivation): Outcome<unknown>;
}

/** The variables of one evaluation, as the CEL library wants them. */
export interface CelActivation {
  readonly values: Record<string, unknown>;
}

export interface CelEnvironment {
  compile(source: string): Outcome<CelExpression>;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

function hasField(value: unknown, field: string): boolean {
  if (value instanceof Map) return value.has(field);
  if (value instanceof Optional) return value.hasValue() && hasField(value.value(), field);
  if (value !== null && typeof value === 'object') return Object.hasOwn(value, field);
  throw new Error(`has() cannot test field '${field}' of a ${value === null ? 'null' : typeof value}`);
}

function createLibraryEnvironment(): Environment {
  const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  const regexps = new Map<string, RegExp>();
  const regexp = (source: string): RegExp => {
    let compiled = regexps.get(source);
    if (!compiled) {
      compiled = compileGoRegexp(source);
      regexps.set(source, compiled);
    }
    return compiled;
  };
  env.registerFunction(`${MESSAGE_FUNCTION}(string, map): dyn`, (_type: string, fields: unknown) => fields);
  env.registerFunction(`${OR_VALUE_FUNCTION}(dyn, dyn): dyn`, (value: unknown, fallback: unknown) => (value instanceof Optional ? value.orValue(fallback) : value));
  env.registerFunction(`${HAS_FUNCTION}(dyn, string): bool`, hasField);
  env.registerFunction(`${MATCHES_FUNCTION}(string, string): bool`, (s: string, re: string) => regexp(re).test(s));
  registerKubernetesLibrary(env);
  registerKyvernoLibrary(env);
  registerGeneratorLibrary(env);
  return env;
}

/** Turn a source into what the library parses: message construction, then the syntax rewrites. */
function prepare(env: Environment, source: string): string {
  const constructed = rewriteMessageConstruction(source);
  if (!mayNeedRewrite(constructed)) return constructed;
  return rewriteSyntax(constructed, env.parse(constructed).ast);
}

/** A CEL environment with Kubernetes' and Kyverno's libraries; compile once, evaluate often. */
export function createCelEnvironment(): CelEnvironment {
  const env = createLibraryEnvironment();
  return {
    compile(source: string): Outcome<CelExpression> {
      let program: ReturnType<Environment['parse']>;
      try {
        program = env.parse(prepare(env, source));
      } catch (error) {
        return err(`CEL syntax error: ${firstLine(error)}`);
      }
      return ok({
        source,
        evaluate(activation: CelActivation): Outcome<unknown> {
          try {
            return ok(program(activation.values));
          } catch (error) {
            return err(firstLine(error));
          }
        },
      });
    },
  };
}

const REGEX = new RegexLibrary();

/**
 * Build an activation. `values` are already CEL values (see toCel); `lazy` entries are
 * computed on first read and remembered (CEL variables); `context` serves Kyverno's libraries.
 */
export function activation(values: Record<string, unknown>, context: CelContextData, lazy?: { name: string; entries: Record<string, () => unknown> }): CelActivation {
  const all: Record<string, unknown> = { ...kyvernoBindings(context), regex: REGEX, ...values };
  if (lazy) {
    const holder: Record<string, unknown> = {};
    for (const [name, compute] of Object.entries(lazy.entries)) {
      let computed = false;
      let value: unknown;
      Object.defineProperty(holder, name, {
        enumerable: true,
        get(): unknown {
          if (!computed) {
            value = compute();
            computed = true;
          }
          return value;
        },
      });
    }
    all[lazy.name] = holder;
  }
  return { values: all };
}
