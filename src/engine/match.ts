// OWNER: helper H (match).
import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import {
  allOf,
  anyOf,
  evaluateFilter,
  type FilterContext,
  type FilterVerdict,
  type UnknownUserMode,
} from './match/filter-verdict.ts';
import { gvkOf, type GroupVersionKind } from './match/kinds.ts';
import { isClusterScopedKind } from './match/scope.ts';
import { readRequestUser } from './match/user-info.ts';
import type { Operation } from './types.ts';

export type { UnknownUserMode } from './match/filter-verdict.ts';

export interface MatchInput {
  resource: JsonObject;
  operation: Operation;
  /** Labels of namespaces, by name, for namespaceSelector (from a Values file). */
  namespaceLabels?: Record<string, Record<string, string>>;
  userInfo?: JsonObject;
  /** The policy's kind and namespace: a namespaced `Policy` only applies in its own namespace. */
  policyKind: string;
  policyNamespace?: string;
  /** The subresource of the request ('' for the object itself, the default). */
  subresource?: string;
  /** The kind the request is for, when not the resource's own (a subresource's parent kind). */
  gvk?: GroupVersionKind;
  /**
   * Without `userInfo`, how to decide filters on subjects/roles/clusterRoles:
   * 'unknown' (default) answers `applies: 'unknown'` when the decision depends on them;
   * 'kyverno-cli' does as `kyverno test`/`apply` without a user: ignored in `match`, never excluding in `exclude`.
   * An empty `userInfo` (`{}`) means the same as 'kyverno-cli': Kyverno's empty request info.
   */
  unknownUser?: UnknownUserMode;
}

export type MatchVerdict =
  | { applies: true }
  /** The rule does not select this resource; reason says why (for debugging and skip messages). */
  | { applies: false; reason: string }
  /** The rule's selection depends on something unknowable offline (subjects, roles, clusterRoles). */
  | { applies: 'unknown'; reason: string };

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

/** The filters of a match/exclude block and how they combine (Kyverno: `any`, else `all`, else the legacy single filter). */
function blockFilters(block: JsonObject): { combine: 'any' | 'all'; filters: JsonObject[] } {
  const any = block['any'];
  if (Array.isArray(any) && any.length > 0) return { combine: 'any', filters: any.filter(isObject) };
  const all = block['all'];
  if (Array.isArray(all) && all.length > 0) return { combine: 'all', filters: all.filter(isObject) };
  const legacy: JsonObject = {};
  for (const key of ['resources', 'subjects', 'roles', 'clusterRoles'] as const) {
    const value = block[key];
    if (value !== undefined) legacy[key] = value;
  }
  return { combine: 'all', filters: [legacy] };
}

function evaluateBlock(block: JsonObject, side: 'match' | 'exclude', ctx: FilterContext): FilterVerdict {
  const { combine, filters } = blockFilters(block);
  const verdicts = filters.map((filter) => evaluateFilter(filter, side, ctx));
  return combine === 'any' ? anyOf(verdicts) : allOf(verdicts);
}

function namespaceMismatch(input: MatchInput): string | undefined {
  const namespaced = input.policyKind === 'Policy' || (input.policyKind !== 'ClusterPolicy' && input.policyNamespace);
  if (!namespaced) return undefined;
  const policyNamespace = input.policyNamespace || 'default';
  const meta = isObject(input.resource['metadata']) ? input.resource['metadata'] : {};
  const kind = text(input.resource['kind']);
  // As the Kyverno CLI: a namespaced resource written without a namespace lands in "default".
  const resourceNamespace = isClusterScopedKind(kind) ? text(meta['namespace']) : text(meta['namespace']) || 'default';
  if (resourceNamespace === policyNamespace) return undefined;
  const where = resourceNamespace === '' ? 'is cluster-scoped' : `is in namespace "${resourceNamespace}"`;
  return `the Policy lives in namespace "${policyNamespace}" and applies only there; the resource ${where}`;
}

/** Evaluate a rule's `match` and `exclude` blocks against a resource (Kyverno's MatchesResourceDescription). */
export function matchRule(rule: JsonObject, input: MatchInput): MatchVerdict {
  const mismatch = namespaceMismatch(input);
  if (mismatch !== undefined) return { applies: false, reason: mismatch };
  const meta = isObject(input.resource['metadata']) ? input.resource['metadata'] : {};
  const namespace = text(meta['namespace']);
  const ctx: FilterContext = {
    subject: {
      resource: input.resource,
      gvk: input.gvk ?? gvkOf(input.resource),
      subresource: input.subresource ?? '',
      operation: input.operation,
      namespaceLabels: input.namespaceLabels?.[namespace] ?? {},
    },
    user: input.userInfo ? readRequestUser(input.userInfo) : undefined,
    unknownUser: input.unknownUser ?? 'unknown',
  };
  const matchBlock = isObject(rule['match']) ? rule['match'] : {};
  const matched = evaluateBlock(matchBlock, 'match', ctx);
  if (matched.holds === false) {
    return { applies: false, reason: `not selected by match: ${matched.reasons.join('; ') || 'no filter matched'}` };
  }
  const excludeBlock = isObject(rule['exclude']) ? rule['exclude'] : undefined;
  const excluded: FilterVerdict = excludeBlock ? evaluateBlock(excludeBlock, 'exclude', ctx) : { holds: false, reasons: [] };
  if (excluded.holds === true) return { applies: false, reason: 'excluded by the rule\'s exclude block' };
  if (matched.holds === true && excluded.holds === false) return { applies: true };
  const reasons = [...(matched.holds === 'unknown' ? matched.reasons : []), ...(excluded.holds === 'unknown' ? excluded.reasons : [])];
  const side = matched.holds === 'unknown' ? 'match' : 'exclude';
  return { applies: 'unknown', reason: `cannot tell whether the rule applies (${side}): ${[...new Set(reasons)].join('; ')}` };
}
