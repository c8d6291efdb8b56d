import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { evaluateConditions } from './conditions.ts';
import { extend } from './extend.ts';
import { loadContext } from './context-entries.ts';
import { pointerIndexOf, type PointerIndex } from './pointer-index.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { authoredMessage, checkValidateBody, type ValidateTarget } from './validate.ts';
import { evaluateExpression, substituteAll, type VariableScope } from './variables.ts';

/** Deeper nesting than this is refused rather than recursed. */
const MAX_FOREACH_DEPTH = 8;

const WRAPPED = /^\s*\{\{\s*|\s*\}\}\s*$/g;

/** A list written as `{{ … }}` is the expression inside. */
function unwrapped(text: string): string {
  return text.includes('{{') || text.includes('}}') ? text.replace(WRAPPED, '') : text;
}

/** Evaluate a foreach `list` expression; a non-list value is one element, as Kyverno does. */
export function foreachElements(list: JsonValue | undefined, scope: VariableScope): { elements: JsonValue[] } | { error: string } {
  if (typeof list !== 'string' || list.trim() === '') return { error: 'foreach.list must be a JMESPath expression' };
  let expression: string;
  if (list.includes('{{')) {
    const substituted = substituteAll(list, scope);
    if (!substituted.ok) return { error: substituted.error };
    expression = unwrapped(String(substituted.value));
  } else {
    expression = unwrapped(list);
  }
  const result = evaluateExpression(expression, scope);
  if (!result.ok) return { error: result.error };
  return { elements: isArray(result.value) ? result.value : [result.value] };
}

/** `element<depth>` and `elementIndex<depth>` names, made once. */
const ELEMENT_NAMES: string[] = [];
const INDEX_NAMES: string[] = [];

/** Scope data for one element; nested levels also get element0, element1 … by depth. */
export function elementScope(scope: VariableScope, element: JsonValue, index: number, depth: number): VariableScope {
  const elementName = (ELEMENT_NAMES[depth] ??= `element${depth}`);
  const indexName = (INDEX_NAMES[depth] ??= `elementIndex${depth}`);
  const extra: JsonObject = {};
  extra['element'] = element;
  extra['elementIndex'] = index;
  extra[elementName] = element;
  extra[indexName] = index;
  return { ...scope, data: extend(scope.data, extra) };
}

/** The Go type Kyverno names for a decoded JSON value. */
function goTypeName(value: JsonValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (isArray(value)) return '[]interface {}';
  return value === null ? '<nil>' : 'map[string]interface {}';
}

/**
 * A foreach element as the target of its checks. Where the element sits is needed only to
 * report a failure, so it is looked up when first asked.
 */
class ElementTarget implements ValidateTarget {
  readonly resource: JsonObject;
  readonly messageTemplate?: string;
  readonly contextExpressions?: ReadonlyMap<string, string>;
  private found: string | undefined;

  constructor(
    readonly value: JsonValue,
    private readonly outer: ValidateTarget,
    readonly scope: VariableScope,
    private readonly locate: () => string | undefined,
  ) {
    this.resource = outer.resource;
    if (outer.messageTemplate !== undefined) this.messageTemplate = outer.messageTemplate;
    if (outer.contextExpressions !== undefined) this.contextExpressions = outer.contextExpressions;
  }

  get pointer(): string {
    return (this.found ??= this.locate() ?? this.outer.pointer);
  }
}

/** The outer target (the resource, or the element of an enclosing foreach) with the element's variables in scope. */
function inScope(outer: ValidateTarget, scope: VariableScope): ValidateTarget {
  const target: ValidateTarget = {
    value: outer.value,
    resource: outer.resource,
    scope,
    get pointer() {
      return outer.pointer;
    },
  };
  if (outer.messageTemplate !== undefined) target.messageTemplate = outer.messageTemplate;
  if (outer.contextExpressions !== undefined) target.contextExpressions = outer.contextExpressions;
  return target;
}

function validateElement(entry: JsonObject, target: ValidateTarget, element: JsonValue, index: number, depth: number, pointers: () => PointerIndex): RuleOutcome {
  // as Kyverno: an element is the target of the checks when it is a mapping, unless elementScope says otherwise;
  // elementScope: true on an element that is not a mapping is an error
  const explicit = entry['elementScope'];
  if (explicit === true && !isObject(element)) {
    return outcome('error', `failed to process foreach: cannot use elementScope=true foreach rules for elements that are not maps, expected type=map got type=${goTypeName(element)}`);
  }
  const base = elementScope(target.scope, element, index, depth);
  const loaded = loadContext(entry['context'], base);
  // an element whose context cannot load is located on the element (or, for a scalar, where the outer target is)
  if (!loaded.ok) return outcome('error', loaded.error, [pointers().pointerOf(element) ?? target.pointer]);
  const scope = loaded.value;
  if (entry['preconditions'] !== undefined) {
    const verdict = evaluateConditions(entry['preconditions'], scope);
    // Kyverno skips an element whose preconditions cannot be evaluated (an absent `element` path)
    if (!verdict.ok) return outcome('skip', `foreach preconditions could not be evaluated: ${verdict.error}`);
    if (!verdict.value.holds) return outcome('skip', 'foreach preconditions not met');
  }
  const onElement = typeof explicit === 'boolean' ? explicit : isObject(element);
  const next: ValidateTarget = onElement
    ? new ElementTarget(element, target, scope, () => pointers().pointerOf(element))
    : inScope(target, scope);
  const result = checkValidateBody(entry, next, depth);
  if ((result.status === 'fail' || result.status === 'error') && result.authored === undefined) {
    const authored = authoredMessage(target.messageTemplate, scope);
    if (authored !== undefined) return extend(result, { authored });
  }
  return result;
}

/**
 * Kyverno's validate.foreach: every element of every list is validated; the first
 * failing element decides; elements whose preconditions do not hold are skipped, and a
 * rule where no element applied is skipped.
 */
export function validateForeach(foreach: JsonValue, target: ValidateTarget, depth: number): RuleOutcome {
  if (depth > MAX_FOREACH_DEPTH) return outcome('error', `foreach nested deeper than ${MAX_FOREACH_DEPTH} levels`);
  if (!isArray(foreach)) return outcome('error', 'foreach must be a list');
  let index: PointerIndex | undefined;
  const pointers = (): PointerIndex => (index ??= pointerIndexOf(target.resource));
  let applied = 0;
  let listError: string | undefined;
  for (const entry of foreach) {
    if (!isObject(entry)) return outcome('error', 'every foreach entry must be a mapping');
    const listed = foreachElements(entry['list'], target.scope);
    if ('error' in listed) {
      // as Kyverno: an absent list is optional; another failure is an error only when nothing applied
      if (!listed.error.includes('Unknown key')) listError = listed.error;
      continue;
    }
    for (const [position, element] of listed.elements.entries()) {
      if (element === null || element === undefined) continue;
      const result = validateElement(entry, target, element, position, depth, pointers);
      if (result.status === 'skip') continue;
      if (result.status !== 'pass') return result;
      applied++;
    }
  }
  if (applied === 0 && listError !== undefined) return outcome('error', `failed to evaluate foreach list: ${listError}`);
  return applied === 0 ? outcome('skip', 'no foreach element applied') : outcome('pass', '');
}
