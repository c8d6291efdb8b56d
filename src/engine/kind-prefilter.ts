import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { parseKindSelector } from './match/kinds.ts';

/** Kind names a filter can select, or undefined when it may select any kind. */
function filterKinds(filter: JsonValue | undefined): Set<string> | undefined {
  const resources = isObject(filter) && isObject(filter['resources']) ? filter['resources'] : undefined;
  const kinds = resources && isArray(resources['kinds']) ? resources['kinds'] : undefined;
  if (!kinds || kinds.length === 0) return undefined;
  const names = new Set<string>();
  for (const text of kinds) {
    if (typeof text !== 'string') return undefined;
    const kind = parseKindSelector(text).kind;
    if (kind === '' || /[*?]/.test(kind)) return undefined;
    names.add(kind);
  }
  return names;
}

/**
 * A cheap necessary condition for `match`: the kinds the rule can select at all. Most
 * rules name their kinds, so most resources are ruled out before the full match runs.
 * Returns undefined when the rule may select any kind.
 */
function selectableKinds(match: JsonValue | undefined): Set<string> | undefined {
  if (!isObject(match)) return undefined;
  const any = match['any'];
  if (isArray(any) && any.length > 0) {
    const union = new Set<string>();
    for (const filter of any) {
      const kinds = filterKinds(filter);
      if (!kinds) return undefined;
      for (const k of kinds) union.add(k);
    }
    return union;
  }
  const all = match['all'];
  if (isArray(all) && all.length > 0) {
    // every filter must hold: any one that names kinds bounds the rule
    for (const filter of all) {
      const kinds = filterKinds(filter);
      if (kinds) return kinds;
    }
    return undefined;
  }
  return filterKinds(match);
}

const CACHE = new WeakMap<JsonObject, Set<string> | null>();

/** Could this rule select a resource of this kind? False only when it certainly cannot. */
export function mayMatchKind(rule: JsonObject, kind: string): boolean {
  let kinds = CACHE.get(rule);
  if (kinds === undefined) {
    kinds = selectableKinds(rule['match']) ?? null;
    CACHE.set(rule, kinds);
  }
  return kinds === null || kinds.has(kind);
}
