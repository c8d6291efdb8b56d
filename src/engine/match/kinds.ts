import type { JsonObject } from '../../core/json.ts';
import { wildcardMatch } from '../wildcard.ts';

/** A resource's group, version and kind (core group is ''). */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One entry of `kinds`, split as Kyverno splits it. */
export interface KindSelector {
  group: string;
  version: string;
  kind: string;
  subresource: string;
}

const VERSION = /^(v\d+((alpha|beta)\d+)?|\*)$/;

/**
 * Parse a `kinds` entry in any form Kyverno accepts: `Pod`, `v1/Pod`, `apps/v1/Deployment`,
 * `apps/*\/Deployment`, `*\/Pod`, `*`, `Pod/exec`, `v1/Pod/exec`, `*\/*`, `*\/scale`,
 * `apps/v1/Deployment/scale`. The last segment may also carry the subresource after a dot.
 * Unparseable selectors have empty parts (and match nothing but empty values).
 */
export function parseKindSelector(input: string): KindSelector {
  const cached = SELECTORS.get(input);
  if (cached) return cached;
  const parsed = parseKindSelectorUncached(input);
  if (SELECTORS.size < 4096) SELECTORS.set(input, parsed);
  return parsed;
}

/** Parsed selectors by text: a pure function's memo, bounded. */
const SELECTORS = new Map<string, KindSelector>();

function parseKindSelectorUncached(input: string): KindSelector {
  const slashed = input.split('/');
  const last = slashed.pop() ?? '';
  const parts = [...slashed, ...last.split('.')];
  const [a = '', b = '', c = '', d = ''] = parts;
  switch (parts.length) {
    case 1:
      return { group: '*', version: '*', kind: a, subresource: '' };
    case 2:
      if (a === '*' && b === '*') return { group: '*', version: '*', kind: '*', subresource: '*' };
      if (a === '*' && b.toLowerCase() === b) return { group: '*', version: '*', kind: '*', subresource: b };
      if (VERSION.test(a)) return { group: '*', version: a, kind: b, subresource: '' };
      return { group: '*', version: '*', kind: a, subresource: b };
    case 3:
      if (VERSION.test(a)) return { group: '*', version: a, kind: b, subresource: c };
      return { group: a, version: b, kind: c, subresource: '' };
    case 4:
      return { group: a, version: b, kind: c, subresource: d };
    default:
      return { group: '', version: '', kind: '', subresource: '' };
  }
}

/** The group/version/kind of a manifest, from `apiVersion` and `kind`. */
export function gvkOf(resource: JsonObject): GroupVersionKind {
  const apiVersion = typeof resource['apiVersion'] === 'string' ? resource['apiVersion'] : '';
  const kind = typeof resource['kind'] === 'string' ? resource['kind'] : '';
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion, kind };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

/**
 * Does any entry of `kinds` select this resource (Kyverno's CheckKind)? A selector without a
 * subresource matches the object and all its subresources; `Pod/exec` matches only the
 * `exec` subresource, so never a plain Pod manifest (subresource '').
 */
export function kindsMatch(kinds: readonly string[], gvk: GroupVersionKind, subresource = ''): boolean {
  return kinds.some((entry) => {
    const sel = parseKindSelector(entry);
    if (!wildcardMatch(sel.group, gvk.group)) return false;
    if (!wildcardMatch(sel.version, gvk.version)) return false;
    if (!wildcardMatch(sel.kind, gvk.kind)) return false;
    if (sel.subresource === '' || wildcardMatch(sel.subresource, subresource)) return true;
    // Kyverno lets Pod rules see ephemeral-container updates.
    return gvk.group === '' && gvk.version === 'v1' && gvk.kind === 'Pod' && subresource === 'ephemeralcontainers';
  });
}

/** The plain kind named by a `kinds` entry, without group, version or subresource (Kyverno's GetKindFromGVK + SplitSubresource). */
export function plainKindOf(entry: string): string {
  const parts = entry.split('/');
  const [a = '', b = '', c = ''] = parts;
  let kind: string;
  switch (parts.length) {
    case 1:
      kind = entry.replace('.', '/');
      break;
    case 2:
      if (a === '*' && b === '*') kind = '*/*';
      else if (VERSION.test(a)) kind = b.replace('.', '/');
      else kind = `${a}/${b}`;
      break;
    case 3:
      kind = VERSION.test(a) ? `${b}/${c}` : c.replace('.', '/');
      break;
    case 4:
      kind = `${c}/${parts[3] ?? ''}`;
      break;
    default:
      kind = '';
  }
  const split = kind.split('/');
  return split.length === 2 ? (split[0] ?? '') : kind;
}

/** Does the list of `kinds` entries name this plain kind (Kyverno's ContainsKind)? */
export function containsKind(kinds: readonly string[], kind: string): boolean {
  return kinds.some((entry) => plainKindOf(entry) === kind);
}

/** `kinds` of a filter's `resources`, ignoring entries that are not strings. */
export function kindsOf(resources: JsonObject | undefined): string[] {
  const kinds = resources?.['kinds'];
  return Array.isArray(kinds) ? kinds.filter((k): k is string => typeof k === 'string') : [];
}
