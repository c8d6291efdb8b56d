import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { resourceRef } from '../../core/resource-ref.ts';
import { gvkOf } from '../match/kinds.ts';
import { selectorMatches, stringMap } from '../match/selector.ts';
import { pluralOf } from '../unsupported-policy.ts';
import { isNamespaced, subjectOf, type CelRequest } from './admission-request.ts';
import type { MatchResources } from './program.ts';

/** The verdict of admission matching: applies, does not, or the matching itself is invalid. */
export type MatchVerdict = { applies: boolean } | { error: string };

function strings(value: JsonValue | undefined): string[] {
  return isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function listed(values: string[], value: string): boolean {
  return values.includes('*') || values.includes(value);
}

/** Does a RuleWithOperations (resourceRules entry) select the request? */
function ruleSelects(rule: JsonObject, request: CelRequest, withOperations: boolean): boolean {
  const subject = subjectOf(request);
  const gvk = request.subresource?.kind ?? gvkOf(subject);
  if (!listed(strings(rule['apiGroups']), gvk.group)) return false;
  if (!listed(strings(rule['apiVersions']), gvk.version)) return false;
  const plural = pluralOf(gvk.kind);
  const sub = request.subresource?.name;
  const resources = strings(rule['resources']);
  // `*` selects resources, `*/*` resources and subresources, `pods/*` every subresource of pods
  const selects = (r: string): boolean =>
    sub === undefined ? r === '*' || r === '*/*' || r === plural : r === '*/*' || r === `${plural}/${sub}` || r === `${plural}/*` || r === `*/${sub}`;
  if (!resources.some(selects)) return false;
  // a rule without operations selects every operation (as Kyverno's CLI applies it)
  const operations = strings(rule['operations']);
  if (withOperations && operations.length > 0 && !listed(operations, request.operation)) return false;
  const names = strings(rule['resourceNames']);
  if (names.length > 0 && !names.includes(resourceRef(subject).name)) return false;
  const scope = typeof rule['scope'] === 'string' ? rule['scope'] : '*';
  if (scope === 'Cluster' && isNamespaced(subject)) return false;
  if (scope === 'Namespaced' && !isNamespaced(subject)) return false;
  return true;
}

function namespaceLabels(request: CelRequest): Record<string, string> {
  const subject = subjectOf(request);
  // a Namespace is selected by its own labels
  if (subject['kind'] === 'Namespace') return stringMap(isObject(subject['metadata']) ? subject['metadata']['labels'] : undefined);
  const metadata = request.namespaceObject && isObject(request.namespaceObject['metadata']) ? request.namespaceObject['metadata'] : {};
  return stringMap(metadata['labels']);
}

function selectorHolds(selector: JsonObject | undefined, labels: Record<string, string>, what: string): MatchVerdict {
  if (!selector) return { applies: true };
  const verdict = selectorMatches(selector, labels);
  return 'error' in verdict ? { error: `${what}: ${verdict.error}` } : { applies: verdict.matched };
}

/**
 * Kubernetes admission matching (MatchResources): a resource rule selects the request
 * (group, version, resource, operation, names, scope), no exclude rule does, and the
 * namespace and object selectors hold. Cluster-scoped resources other than Namespaces are
 * not subject to the namespace selector. A binding's matchResources without resource rules
 * selects everything its policy does (`emptyRulesMatchAll`).
 */
export function matchResources(match: MatchResources, request: CelRequest, options: { withOperations?: boolean; emptyRulesMatchAll?: boolean } = {}): MatchVerdict {
  const withOperations = options.withOperations ?? true;
  const everything = options.emptyRulesMatchAll === true && match.resourceRules.length === 0;
  if (!everything && !match.resourceRules.some((rule) => ruleSelects(rule, request, withOperations))) return { applies: false };
  if (match.excludeResourceRules.some((rule) => ruleSelects(rule, request, withOperations))) return { applies: false };
  const subject = subjectOf(request);
  if (isNamespaced(subject) || subject['kind'] === 'Namespace') {
    const ns = selectorHolds(match.namespaceSelector, namespaceLabels(request), 'namespaceSelector');
    if ('error' in ns || !ns.applies) return ns;
  }
  const metadata = isObject(subject['metadata']) ? subject['metadata'] : {};
  return selectorHolds(match.objectSelector, stringMap(metadata['labels']), 'objectSelector');
}

/** Read a MatchResources block (matchConstraints, a binding's matchResources). */
export function readMatchResources(raw: JsonValue | undefined): MatchResources | undefined {
  if (!isObject(raw)) return undefined;
  const match: MatchResources = {
    resourceRules: isArray(raw['resourceRules']) ? raw['resourceRules'].filter(isObject) : [],
    excludeResourceRules: isArray(raw['excludeResourceRules']) ? raw['excludeResourceRules'].filter(isObject) : [],
  };
  if (isObject(raw['namespaceSelector'])) match.namespaceSelector = raw['namespaceSelector'];
  if (isObject(raw['objectSelector'])) match.objectSelector = raw['objectSelector'];
  return match;
}
