import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { readMatchResources } from '../../engine/cel/admission-match.ts';
import type { AdmissionProgram, CelMutation, CelValidation, NamedExpression } from '../../engine/cel/program.ts';
import type { ValidationAction } from './types.ts';

/** The `name` / `expression` entries of a list (variables, conditions); an entry without an expression is a problem. */
export function named(list: JsonValue | undefined, where: string, problems: string[]): NamedExpression[] {
  const out: NamedExpression[] = [];
  for (const [i, entry] of (isArray(list) ? list : []).entries()) {
    if (!isObject(entry) || typeof entry['expression'] !== 'string') {
      problems.push(`${where}[${i}] needs an expression`);
      continue;
    }
    out.push({ name: typeof entry['name'] === 'string' ? entry['name'] : String(i), expression: entry['expression'] });
  }
  return out;
}

export function readValidations(list: JsonValue | undefined, where: string, problems: string[]): CelValidation[] {
  const out: CelValidation[] = [];
  for (const [i, entry] of (isArray(list) ? list : []).entries()) {
    if (!isObject(entry) || typeof entry['expression'] !== 'string') {
      problems.push(`${where}[${i}] needs an expression`);
      continue;
    }
    const v: CelValidation = { expression: entry['expression'] };
    if (typeof entry['message'] === 'string') v.message = entry['message'];
    if (typeof entry['messageExpression'] === 'string') v.messageExpression = entry['messageExpression'];
    if (typeof entry['reason'] === 'string') v.reason = entry['reason'];
    out.push(v);
  }
  return out;
}

function readMutations(list: JsonValue | undefined, problems: string[]): CelMutation[] {
  const out: CelMutation[] = [];
  for (const [i, entry] of (isArray(list) ? list : []).entries()) {
    if (!isObject(entry)) continue;
    const type = entry['patchType'];
    const body = type === 'JSONPatch' ? entry['jsonPatch'] : entry['applyConfiguration'];
    const expression = isObject(body) ? body['expression'] : undefined;
    if ((type !== 'ApplyConfiguration' && type !== 'JSONPatch') || typeof expression !== 'string') {
      problems.push(`spec.mutations[${i}] needs patchType ApplyConfiguration (applyConfiguration.expression) or JSONPatch (jsonPatch.expression)`);
      continue;
    }
    out.push({ patchType: type, expression });
  }
  return out;
}

/** The admission program of a CEL policy's spec (any of the four kinds). */
export function readProgram(spec: JsonObject, problems: string[], jsonMode = false): AdmissionProgram {
  const program: AdmissionProgram = {
    matchConditions: named(spec['matchConditions'], 'spec.matchConditions', problems),
    variables: named(spec['variables'], 'spec.variables', problems),
    validations: readValidations(spec['validations'], 'spec.validations', problems),
    mutations: readMutations(spec['mutations'], problems),
    failurePolicy: spec['failurePolicy'] === 'Ignore' ? 'Ignore' : 'Fail',
  };
  const match = readMatchResources(spec['matchConstraints']);
  if (match) program.match = match;
  // in evaluation.mode JSON the payload has no kind: the policy needs no match constraints
  else if (!jsonMode) problems.push('spec.matchConstraints is missing: the policy selects nothing');
  return program;
}

const ACTIONS = new Set<ValidationAction>(['Deny', 'Warn', 'Audit']);

export function readValidationActions(value: JsonValue | undefined, fallback: ValidationAction[]): ValidationAction[] {
  const actions = (isArray(value) ? value : []).filter((v): v is ValidationAction => typeof v === 'string' && ACTIONS.has(v as ValidationAction));
  return actions.length > 0 ? actions : fallback;
}
