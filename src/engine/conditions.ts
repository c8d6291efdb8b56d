import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { conditionOperator } from './operators/registry.ts';
import { substituteAll, type VariableScope } from './variables.ts';

export interface ConditionsVerdict {
  /** true when the conditions hold (for preconditions: the rule applies; for deny: the request is denied). */
  holds: boolean;
  /** The `message` of the condition that decided, when it has one. */
  message?: string;
}

interface ConditionResult {
  holds: boolean;
  message: string;
}

function describe(condition: JsonObject): string {
  return `{key: ${JSON.stringify(condition['key'] ?? null)}, operator: ${String(condition['operator'])}}`;
}

/** One `{key, operator, value, message}`: substitute key and value, then apply the operator. */
function evaluateCondition(condition: JsonValue, scope: VariableScope): Outcome<ConditionResult> {
  if (!isObject(condition)) return err(`a condition must be an object with key, operator and value, got ${JSON.stringify(condition)}`);
  const operator = conditionOperator(condition['operator']);
  if (!operator.ok) return err(`${operator.error} in condition ${describe(condition)}`);
  const key = substituteAll(condition['key'] ?? null, scope);
  if (!key.ok) return err(`failed to substitute variables in condition key: ${key.error}`);
  const value = substituteAll(condition['value'] ?? null, scope);
  if (!value.ok) return err(`failed to substitute variables in condition value: ${value.error}`);
  const message = typeof condition['message'] === 'string' ? condition['message'] : '';
  return ok({ holds: operator.value(key.value, value.value), message });
}

function verdict(holds: boolean, messages: string[]): ConditionsVerdict {
  const message = messages.filter((m) => m !== '').join('; ');
  return message === '' ? { holds } : { holds, message };
}

/** `{any: [...], all: [...]}`: at least one of any (when given) and every one of all. */
function evaluateAnyAll(block: JsonObject, scope: VariableScope): Outcome<ConditionsVerdict> {
  const unknown = Object.keys(block).filter((k) => k !== 'any' && k !== 'all');
  if (unknown.length > 0) return err(`conditions may only have "any" and "all", found ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const trueMessages: string[] = [];
  const falseMessages: string[] = [];
  let anyHolds = true;
  const any = block['any'];
  if (any !== undefined && any !== null) {
    if (!isArray(any)) return err('"any" conditions must be a list');
    anyHolds = false;
    for (const condition of any) {
      const result = evaluateCondition(condition, scope);
      if (!result.ok) return result;
      if (result.value.holds) {
        anyHolds = true;
        trueMessages.push(result.value.message);
        break;
      }
      falseMessages.push(result.value.message);
    }
  }
  let allHold = true;
  const all = block['all'];
  if (all !== undefined && all !== null) {
    if (!isArray(all)) return err('"all" conditions must be a list');
    for (const condition of all) {
      const result = evaluateCondition(condition, scope);
      if (!result.ok) return result;
      if (!result.value.holds) {
        allHold = false;
        falseMessages.push(result.value.message);
        break;
      }
      trueMessages.push(result.value.message);
    }
  }
  const holds = anyHolds && allHold;
  return ok(verdict(holds, holds ? trueMessages : falseMessages));
}

/** The older form: a plain list, every condition must hold. */
function evaluateList(conditions: JsonValue[], scope: VariableScope): Outcome<ConditionsVerdict> {
  const trueMessages: string[] = [];
  for (const condition of conditions) {
    const result = evaluateCondition(condition, scope);
    if (!result.ok) return result;
    if (!result.value.holds) return ok(verdict(false, [result.value.message]));
    trueMessages.push(result.value.message);
  }
  return ok(verdict(true, trueMessages));
}

/**
 * Evaluate a Kyverno conditions block: `{any: [...], all: [...]}` or a plain list (all).
 * Variables in key and value are substituted first; a failed substitution is an error.
 */
export function evaluateConditions(conditions: JsonValue, scope: VariableScope): Outcome<ConditionsVerdict> {
  if (conditions === null) return ok({ holds: true });
  if (isArray(conditions)) {
    // A list of any/all blocks is also accepted (AnyAllConditions[]): every block must hold.
    if (conditions.length > 0 && conditions.every((c) => isObject(c) && !('key' in c) && !('operator' in c))) {
      const trueMessages: string[] = [];
      for (const block of conditions) {
        const result = evaluateAnyAll(block as JsonObject, scope);
        if (!result.ok) return result;
        if (!result.value.holds) return result;
        if (result.value.message !== undefined) trueMessages.push(result.value.message);
      }
      return ok(verdict(true, trueMessages));
    }
    return evaluateList(conditions, scope);
  }
  if (isObject(conditions)) return evaluateAnyAll(conditions, scope);
  return err(`conditions must be a list or an object with "any"/"all", got ${JSON.stringify(conditions)}`);
}
