import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { applyJsonPatch, parseOperations } from '../mutate/index.ts';
import { applyConfiguration } from './apply-configuration.ts';
import { activation, celText, fromCel, toCel, type CelActivation, type CelExpression } from './adapter/index.ts';
import { admissionRequest, type CelRequest } from './admission-request.ts';
import type { CompiledMutation, CompiledProgram, CompiledValidation } from './compile-program.ts';

/** A validation that did not hold. */
export interface ValidationFailure {
  index: number;
  /** The validation's expression as written (it says which fields the failure is about). */
  expression: string;
  message: string;
}

/** What one program did with one request. */
export interface ProgramOutcome {
  status: 'pass' | 'fail' | 'error' | 'skip';
  message: string;
  failures: ValidationFailure[];
  /** The object after the program's mutations, when it has any and they applied. */
  patched?: JsonObject;
}

const outcome = (status: ProgramOutcome['status'], message: string, failures: ValidationFailure[] = []): ProgramOutcome => ({ status, message, failures });

/** The activation of a program: request variables, params, and lazily computed, remembered `variables`. */
function activationFor(program: CompiledProgram, request: CelRequest, object: JsonObject | null, params: JsonObject | null): CelActivation {
  const values: Record<string, unknown> = {
    object: toCel(object),
    oldObject: toCel(request.oldObject),
    request: toCel(admissionRequest({ ...request, object })),
    params: toCel(params),
    namespaceObject: toCel(request.namespaceObject),
  };
  const entries: Record<string, () => unknown> = {};
  let current: CelActivation | undefined;
  for (const variable of program.variables) {
    entries[variable.name] = () => {
      const result = variable.expression.evaluate(current as CelActivation);
      if (!result.ok) throw new Error(`variable ${variable.name}: ${result.error}`);
      return result.value;
    };
  }
  current = activation(values, request.context, { name: 'variables', entries });
  return current;
}

function boolOf(result: Outcome<unknown>, what: string): Outcome<boolean> {
  if (!result.ok) return result;
  return typeof result.value === 'boolean' ? ok(result.value) : err(`${what} must evaluate to a bool, got ${celText(result.value)}`);
}

function failureMessage(v: CompiledValidation, act: CelActivation): string {
  if (v.messageExpression) {
    const m = v.messageExpression.evaluate(act);
    if (m.ok && typeof m.value === 'string' && m.value.trim() !== '') return m.value.trim();
  }
  const message = v.validation.message?.trim();
  return message && message !== '' ? message : `failed expression: ${v.validation.expression.trim()}`;
}

function validate(program: CompiledProgram, act: CelActivation): ProgramOutcome {
  const failures: ValidationFailure[] = [];
  for (const [index, v] of program.validations.entries()) {
    const holds = boolOf(v.expression.evaluate(act), 'a validation');
    if (!holds.ok) {
      const message = `validation error: ${holds.error}`;
      if (program.program.errorsFail) {
        failures.push({ index, expression: v.validation.expression, message });
        continue;
      }
      return program.program.failurePolicy === 'Ignore' ? outcome('skip', `${message} (failurePolicy Ignore)`) : outcome('error', message);
    }
    if (!holds.value) failures.push({ index, expression: v.validation.expression, message: failureMessage(v, act) });
  }
  if (failures.length > 0) return outcome('fail', failures.map((f) => f.message).join('; '), failures);
  return outcome('pass', '');
}

function applyMutation(current: JsonObject, mutation: CompiledMutation, act: CelActivation): Outcome<JsonObject> {
  const result = mutation.expression.evaluate(act);
  if (!result.ok) return err(`mutation error: ${result.error}`);
  const value = fromCel(result.value);
  if (mutation.mutation.patchType === 'JSONPatch') {
    const operations = parseOperations(value ?? []);
    if (!operations.ok) return err(`mutation error: ${operations.error}`);
    const applied = applyJsonPatch(current, operations.value);
    if (!applied.ok) return err(`mutation error: ${applied.error}`);
    return isObject(applied.value) ? ok(applied.value) : err('mutation error: the patch did not leave an object');
  }
  if (!isObject(value)) return err(`mutation error: an ApplyConfiguration must evaluate to an object, got ${celText(result.value)}`);
  return ok(applyConfiguration(current, value));
}

function mutate(program: CompiledProgram, request: CelRequest, params: JsonObject | null): ProgramOutcome {
  let current = request.object ?? {};
  for (const mutation of program.mutations) {
    const applied = applyMutation(current, mutation, activationFor(program, request, current, params));
    if (!applied.ok) return program.program.failurePolicy === 'Ignore' ? outcome('skip', `${applied.error} (failurePolicy Ignore)`) : outcome('error', applied.error);
    current = applied.value;
  }
  return { ...outcome('pass', 'mutated'), patched: current };
}

/**
 * Evaluate a compiled program on a request that its matching already selected: match
 * conditions (all must hold, else skip), then validations (pass; fail with the message or
 * messageExpression; error), then mutations in order (ApplyConfiguration merge, JSONPatch).
 * An error in a match condition is an error under failurePolicy Fail and a skip under Ignore.
 */
export function evaluateProgram(program: CompiledProgram, request: CelRequest, params: JsonObject | null): ProgramOutcome {
  const act = activationFor(program, request, request.object, params);
  for (const condition of program.matchConditions) {
    const holds = boolOf(condition.expression.evaluate(act), `match condition ${condition.name}`);
    if (!holds.ok) {
      const message = `match condition ${condition.name}: ${holds.error}`;
      return program.program.failurePolicy === 'Ignore' ? outcome('skip', message) : outcome('error', message);
    }
    if (!holds.value) return outcome('skip', `match condition ${condition.name} is false`);
  }
  const validated = program.validations.length > 0 ? validate(program, act) : outcome('pass', '');
  if (validated.status !== 'pass' || program.mutations.length === 0) return validated;
  return mutate(program, request, params);
}

/** Evaluate a standalone expression on a request (object, oldObject, request, namespaceObject; no params or variables). */
export function evaluateExpression(expression: CelExpression, request: CelRequest): Outcome<JsonValue> {
  const values: Record<string, unknown> = {
    object: toCel(request.object),
    oldObject: toCel(request.oldObject),
    request: toCel(admissionRequest(request)),
    params: toCel(null),
    namespaceObject: toCel(request.namespaceObject),
  };
  const result = expression.evaluate(activation(values, request.context));
  return result.ok ? ok(fromCel(result.value) ?? null) : result;
}
