import { isObject, type JsonValue } from '../../core/json.ts';
import { hasWildcard, wildcardMatch } from '../wildcard.ts';

export type Labels = Record<string, string>;

/** The verdict of a label selector: matched or not, or an invalid selector (which Kyverno treats as no match). */
export type SelectorVerdict = { matched: boolean } | { error: string };

/** Labels (or annotations) of a manifest's metadata as strings. */
export function stringMap(value: JsonValue | undefined): Labels {
  const out: Labels = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'object') continue;
    out[k] = String(v);
  }
  return out;
}

/**
 * Kubernetes label-selector semantics (`matchLabels` AND `matchExpressions` with In, NotIn,
 * Exists, DoesNotExist), plus Kyverno's wildcards in `matchLabels` keys and values: such an
 * entry holds when some label matches both its key and its value. An empty selector
 * (`{}`) matches everything.
 */
export function selectorMatches(selector: JsonValue, labels: Labels): SelectorVerdict {
  if (!isObject(selector)) return { error: 'a label selector must be a mapping' };
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return { error: 'matchLabels must be a mapping' };
    for (const [key, raw] of Object.entries(matchLabels)) {
      if (raw !== null && typeof raw === 'object') return { error: `matchLabels.${key} must be a string` };
      const value = raw === null ? '' : String(raw);
      if (!labelEntryHolds(key, value, labels)) return { matched: false };
    }
  }
  const expressions = selector['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return { error: 'matchExpressions must be a list' };
    for (const expression of expressions) {
      const verdict = expressionHolds(expression, labels);
      if ('error' in verdict || !verdict.matched) return verdict;
    }
  }
  return { matched: true };
}

function labelEntryHolds(key: string, value: string, labels: Labels): boolean {
  if (hasWildcard(key) || hasWildcard(value)) {
    return Object.entries(labels).some(([k, v]) => wildcardMatch(key, k) && wildcardMatch(value, v));
  }
  return Object.prototype.hasOwnProperty.call(labels, key) && labels[key] === value;
}

function expressionHolds(expression: JsonValue, labels: Labels): SelectorVerdict {
  if (!isObject(expression)) return { error: 'each matchExpressions entry must be a mapping' };
  const key = expression['key'];
  const operator = expression['operator'];
  const rawValues = expression['values'];
  if (typeof key !== 'string' || key === '') return { error: 'a matchExpressions entry needs a key' };
  if (rawValues !== undefined && rawValues !== null && !Array.isArray(rawValues)) {
    return { error: `matchExpressions values for "${key}" must be a list` };
  }
  const values = (rawValues ?? []).map((v) => (v === null ? '' : String(v)));
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const actual = labels[key];
  switch (operator) {
    case 'In':
      if (values.length === 0) return { error: `operator In on "${key}" needs values` };
      return { matched: has && actual !== undefined && values.includes(actual) };
    case 'NotIn':
      if (values.length === 0) return { error: `operator NotIn on "${key}" needs values` };
      return { matched: !has || actual === undefined || !values.includes(actual) };
    case 'Exists':
      if (values.length > 0) return { error: `operator Exists on "${key}" takes no values` };
      return { matched: has };
    case 'DoesNotExist':
      if (values.length > 0) return { error: `operator DoesNotExist on "${key}" takes no values` };
      return { matched: !has };
    default:
      return { error: `unknown matchExpressions operator ${JSON.stringify(operator ?? null)} on "${key}"` };
  }
}
