import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { Rule } from '../../policy/types.ts';
import type { RuleOutcome } from '../rule-outcome.ts';
import type { AdmissionInput } from '../types.ts';
import { celRequestOf } from './evaluate-policy.ts';
import { sharedCelEngine } from './engine.ts';
import { expressionPointers } from './locate-expression.ts';
import type { AdmissionProgram, NamedExpression } from './program.ts';
import { readValidations } from '../../policy/cel/read-program.ts';

function namedList(value: JsonValue | undefined): NamedExpression[] {
  return (isArray(value) ? value : [])
    .filter(isObject)
    .filter((e) => typeof e['expression'] === 'string')
    .map((e, i) => ({ name: typeof e['name'] === 'string' ? e['name'] : String(i), expression: e['expression'] as string }));
}

const programs = new WeakMap<JsonObject, AdmissionProgram>();

/**
 * The admission program of a ClusterPolicy rule's `validate.cel`: its expressions and
 * variables, with `celPreconditions` as match conditions. As the Kubernetes validator Kyverno
 * runs it with (failurePolicy Fail), an expression that errors fails the rule.
 */
export function celRuleProgram(rule: Rule): AdmissionProgram | undefined {
  const cached = programs.get(rule.raw);
  if (cached) return cached;
  const validate = isObject(rule.raw['validate']) ? rule.raw['validate'] : undefined;
  const cel = validate && isObject(validate['cel']) ? validate['cel'] : undefined;
  if (!cel) return undefined;
  const problems: string[] = [];
  const program: AdmissionProgram = {
    matchConditions: namedList(rule.raw['celPreconditions']),
    variables: namedList(cel['variables']),
    validations: readValidations(cel['expressions'], 'validate.cel.expressions', problems),
    mutations: [],
    failurePolicy: 'Fail',
    errorsFail: true,
  };
  programs.set(rule.raw, program);
  return program;
}

/** Evaluate a `validate.cel` rule on the request (params are not supported in the CLI-less setting). */
export function evaluateCelRule(rule: Rule, input: AdmissionInput): RuleOutcome {
  const program = celRuleProgram(rule);
  if (!program) return { status: 'error', message: 'validate.cel must be a mapping with expressions', paths: [] };
  const outcome = sharedCelEngine().run(program, celRequestOf(input), null);
  if (outcome.status === 'skip') return { status: 'skip', message: `cel preconditions not met: ${outcome.message}`, paths: [] };
  if (outcome.status !== 'fail') return { status: outcome.status, message: outcome.status === 'pass' ? `validation rule '${rule.name}' passed` : outcome.message, paths: [] };
  const failure = outcome.failures[0];
  const paths = failure ? expressionPointers(failure.expression, program.variables, input.resource) : [];
  return { status: 'fail', message: outcome.message, paths };
}
