import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { evaluateConditions } from './conditions.ts';
import { validateForeach } from './foreach.ts';
import { validatePattern, type PatternOutcome } from './pattern.ts';
import { pointerOfExpression, pointerReadBy } from './expression-pointer.ts';
import { validatePodSecurityRule } from './pod-security-rule.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { substituteAll, type VariableScope } from './variables.ts';
import { escapeRegExp } from '../core/escape-regexp.ts';

/** What a validate body (rule-level or foreach element) is checked against. */
export interface ValidateTarget {
  /** The value patterns are matched against: the resource, or the foreach element. */
  value: JsonValue;
  /** Pointer of `value` inside the resource. */
  pointer: string;
  resource: JsonObject;
  scope: VariableScope;
  /** The rule's `validate.message`, substituted in the scope where a failure happens. */
  messageTemplate?: string;
  /** The rule's context variables by name, with the expression that computes each (for locating deny findings). */
  contextExpressions?: ReadonlyMap<string, string>;
}

/** The author's message in a given scope; left as written when a variable cannot be resolved. */
export function authoredMessage(template: string | undefined, scope: VariableScope): string | undefined {
  if (template === undefined) return undefined;
  const substituted = substituteAll(template, scope);
  return substituted.ok ? String(substituted.value) : template;
}

/** Pattern messages name the path relative to the value checked; make it the resource's. */
function absoluteMessage(message: string, path: string, base: string): string {
  return base !== '' && path !== '' && message.startsWith(path + ':') ? base + message : message;
}

function patternOutcome(result: PatternOutcome, target: ValidateTarget): RuleOutcome {
  if (result.status === 'pass') return outcome('pass', '');
  const base = target.pointer;
  return outcome(result.status, absoluteMessage(result.message, result.path, base), [base + result.path]);
}

export function checkPattern(pattern: JsonValue, target: ValidateTarget): RuleOutcome {
  const substituted = substituteAll(pattern, target.scope, { resource: target.value });
  if (!substituted.ok) return outcome('error', `pattern: ${substituted.error}`, [target.pointer]);
  return patternOutcome(validatePattern(target.value, substituted.value), target);
}

export function checkAnyPattern(patterns: JsonValue, target: ValidateTarget): RuleOutcome {
  if (!isArray(patterns) || patterns.length === 0) return outcome('error', 'anyPattern must be a non-empty list of patterns');
  const failures: RuleOutcome[] = [];
  let skipped = 0;
  for (const [index, pattern] of patterns.entries()) {
    const result = checkPattern(pattern, target);
    if (result.status === 'pass') return result;
    if (result.status === 'error') return outcome('error', `anyPattern[${index}]: ${result.message}`, result.paths);
    if (result.status === 'skip') skipped++;
    else failures.push({ ...result, message: `anyPattern[${index}]: ${result.message}` });
  }
  if (skipped === patterns.length) return outcome('skip', 'no pattern of anyPattern applies (conditional anchors did not hold)');
  return outcome(
    'fail',
    failures.map((f) => f.message).join('; '),
    failures.flatMap((f) => f.paths),
  );
}

/**
 * Pointers of the resource fields a deny condition reads, for locating the finding: those
 * of the conditions that hold (what denied) first, then the others.
 */
function denyPaths(conditions: JsonValue, target: ValidateTarget): string[] {
  const holding: string[] = [];
  const others: string[] = [];
  const visit = (value: JsonValue): void => {
    if (isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      const key = value['key'];
      if (typeof key === 'string') {
        const pointer = pointerOfExpression(key, target) ?? pointerReadBy(key, target) ?? pointerViaContext(key, target);
        if (pointer !== undefined) {
          const alone = evaluateConditions([value], target.scope);
          (alone.ok && alone.value.holds ? holding : others).push(pointer);
        }
      }
      for (const k of ['any', 'all']) if (k in value) visit(value[k] ?? null);
    }
  };
  visit(conditions);
  return [...new Set([...holding, ...others])];
}

/** The pattern that finds a context variable's name in an expression, by name. */
const NAME_PATTERNS = new Map<string, RegExp>();

function namePattern(name: string): RegExp {
  let re = NAME_PATTERNS.get(name);
  if (re === undefined) {
    re = new RegExp(`(^|[^\\w.])${escapeRegExp(name)}([^\\w]|$)`);
    if (NAME_PATTERNS.size < 2000) NAME_PATTERNS.set(name, re);
  }
  return re;
}

/** A deny key that reads a context variable is located where that variable's expression reads the resource. */
function pointerViaContext(key: string, target: ValidateTarget): string | undefined {
  for (const [name, expression] of target.contextExpressions ?? []) {
    if (namePattern(name).test(key)) {
      const pointer = pointerReadBy(expression);
      if (pointer !== undefined) return pointer;
    }
  }
  return undefined;
}

export function checkDeny(deny: JsonValue, target: ValidateTarget): RuleOutcome {
  const conditions = isObject(deny) ? (deny['conditions'] ?? null) : null;
  if (conditions === null) return outcome('fail', 'denied (deny without conditions always denies)', [target.pointer]);
  const verdict = evaluateConditions(conditions, target.scope);
  // an error is located as a denial would be: where the conditions read the resource
  if (!verdict.ok) {
    const paths = denyPaths(conditions, target);
    return outcome('error', `deny conditions: ${verdict.error}`, paths.length > 0 ? paths : [target.pointer]);
  }
  if (!verdict.value.holds) return outcome('pass', '');
  const paths = denyPaths(conditions, target);
  return outcome('fail', verdict.value.message ?? '', paths.length > 0 ? paths : [target.pointer]);
}

const UNSUPPORTED_VALIDATE: Record<string, string> = {
  cel: 'validate.cel (CEL expressions) is not evaluated by preadmit yet',
  manifests: 'validate.manifests (signed manifests) cannot be verified offline',
  assert: 'validate.assert (kyverno-json assertion trees) is not evaluated by preadmit yet',
};

/** Evaluate the checks of a validate block (or a foreach entry) against the target. */
export function checkValidateBody(body: JsonObject, target: ValidateTarget, depth: number): RuleOutcome {
  if (body['pattern'] !== undefined) return checkPattern(body['pattern'], target);
  if (body['anyPattern'] !== undefined) return checkAnyPattern(body['anyPattern'], target);
  if (body['deny'] !== undefined) return checkDeny(body['deny'], target);
  if (body['foreach'] !== undefined) return validateForeach(body['foreach'], target, depth + 1);
  if (body['podSecurity'] !== undefined) return validatePodSecurityRule(body['podSecurity'], target.resource);
  for (const [key, reason] of Object.entries(UNSUPPORTED_VALIDATE)) {
    if (body[key] !== undefined) return outcome('error', reason);
  }
  return outcome('error', 'validate has none of pattern, anyPattern, deny, foreach or podSecurity');
}

