import { isObject, type JsonObject } from '../core/json.ts';
import type { Rule } from '../policy/types.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { checkValidateBody } from './validate.ts';
import { substituteAll, type VariableScope } from './variables.ts';

function ruleMessage(validate: JsonObject, scope: VariableScope): string {
  const message = validate['message'];
  if (typeof message !== 'string') return '';
  const substituted = substituteAll(message, scope);
  return substituted.ok ? String(substituted.value) : message;
}

/** Compose the reader's message: the policy author's message, then what exactly failed. */
function compose(authored: string, detail: string): string {
  if (authored === '') return detail;
  if (detail === '' || authored.includes(detail)) return authored;
  return `${authored} (${detail})`;
}

/** A validate rule on the whole resource. */
export function evaluateValidateRule(rule: Rule, resource: JsonObject, scope: VariableScope): RuleOutcome {
  const validate = rule.raw['validate'];
  if (!isObject(validate)) return outcome('error', 'validate must be a mapping');
  const result = checkValidateBody(validate, { value: resource, pointer: '', resource, scope }, -1);
  if (result.status === 'fail') return { ...result, message: compose(ruleMessage(validate, scope), result.message) };
  if (result.status === 'pass') return { ...result, message: `validation rule '${rule.name}' passed` };
  return result;
}
