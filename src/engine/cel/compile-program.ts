import { err, ok, type Outcome } from '../../core/outcome.ts';
import type { CelEnvironment, CelExpression } from './adapter/index.ts';
import type { AdmissionProgram, CelMutation, CelValidation } from './program.ts';

export interface CompiledNamed {
  name: string;
  expression: CelExpression;
}

export interface CompiledValidation {
  validation: CelValidation;
  expression: CelExpression;
  messageExpression?: CelExpression;
}

export interface CompiledMutation {
  mutation: CelMutation;
  expression: CelExpression;
}

/** An admission program with every expression compiled once. */
export interface CompiledProgram {
  program: AdmissionProgram;
  matchConditions: CompiledNamed[];
  variables: CompiledNamed[];
  validations: CompiledValidation[];
  mutations: CompiledMutation[];
}

function compileOne(env: CelEnvironment, source: string, where: string): Outcome<CelExpression> {
  const compiled = env.compile(source);
  return compiled.ok ? compiled : err(`${where}: ${compiled.error}`);
}

/** Compile every expression of a program; the first that does not compile is the error. */
export function compileProgram(env: CelEnvironment, program: AdmissionProgram): Outcome<CompiledProgram> {
  const out: CompiledProgram = { program, matchConditions: [], variables: [], validations: [], mutations: [] };
  for (const [i, c] of program.matchConditions.entries()) {
    const e = compileOne(env, c.expression, `matchConditions[${i}] (${c.name})`);
    if (!e.ok) return e;
    out.matchConditions.push({ name: c.name, expression: e.value });
  }
  for (const [i, v] of program.variables.entries()) {
    const e = compileOne(env, v.expression, `variables[${i}] (${v.name})`);
    if (!e.ok) return e;
    out.variables.push({ name: v.name, expression: e.value });
  }
  for (const [i, validation] of program.validations.entries()) {
    const e = compileOne(env, validation.expression, `validations[${i}]`);
    if (!e.ok) return e;
    const compiled: CompiledValidation = { validation, expression: e.value };
    if (validation.messageExpression !== undefined && validation.messageExpression !== '') {
      const m = compileOne(env, validation.messageExpression, `validations[${i}].messageExpression`);
      if (!m.ok) return m;
      compiled.messageExpression = m.value;
    }
    out.validations.push(compiled);
  }
  for (const [i, mutation] of program.mutations.entries()) {
    const e = compileOne(env, mutation.expression, `mutations[${i}]`);
    if (!e.ok) return e;
    out.mutations.push({ mutation, expression: e.value });
  }
  return ok(out);
}
