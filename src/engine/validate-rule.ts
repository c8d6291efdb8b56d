import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import type { Rule } from '../policy/types.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { authoredMessage, checkValidateBody } from './validate.ts';
import type { VariableScope } from './variables.ts';


/** Compose the reader's message: the policy author's message, then what exactly failed. */
function compose(authored: string, detail: string): string {
  if (authored === '') return detail;
  if (detail === '' || authored.includes(detail)) return authored;
  return `${authored} (${detail})`;
}

const CONTEXT_EXPRESSIONS = new WeakMap<object, Map<string, string>>();
const NO_CONTEXT: ReadonlyMap<string, string> = new Map();

/** Context variables defined by an expression, by name (read once per rule). */
function contextExpressions(context: JsonValue | undefined): ReadonlyMap<string, string> {
  if (context === null || typeof context !== 'object') return NO_CONTEXT;
  let found = CONTEXT_EXPRESSIONS.get(context);
  if (found === undefined) {
    found = readContextExpressions(context);
    CONTEXT_EXPRESSIONS.set(context, found);
  }
  return found;
}

function readContextExpressions(context: JsonValue | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of isArray(context) ? context : []) {
    if (!isObject(entry) || typeof entry['name'] !== 'string' || !isObject(entry['variable'])) continue;
    const expression = entry['variable']['jmesPath'];
    if (typeof expression === 'string') found.set(entry['name'], expression);
  }
  return found;
}

/** A validate rule on the whole resource. */
export function evaluateValidateRule(rule: Rule, resource: JsonObject, scope: VariableScope): RuleOutcome {
  const validate = rule.raw['validate'];
  if (!isObject(validate)) return outcome('error', 'validate must be a mapping');
  const messageTemplate = typeof validate['message'] === 'string' ? validate['message'] : undefined;
  const target = {
    value: resource,
    pointer: '',
    resource,
    scope,
    contextExpressions: contextExpressions(rule.raw['context']),
    ...(messageTemplate !== undefined ? { messageTemplate } : {}),
  };
  const result = checkValidateBody(validate, target, -1);
  if (result.status === 'fail') {
    return { ...result, message: compose(result.authored ?? authoredMessage(messageTemplate, scope) ?? '', result.message) };
  }
  if (result.status === 'pass') return { ...result, message: `validation rule '${rule.name}' passed` };
  return result;
}
