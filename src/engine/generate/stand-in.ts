import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { selectorMatches, stringMap } from '../match/selector.ts';

/** What names one resource, as Kyverno's client looks it up: apiVersion, kind, namespace ('' for none), name. */
export interface ResourceKey {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function keyOf(resource: JsonObject): ResourceKey {
  const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
  return { apiVersion: text(resource['apiVersion']), kind: text(resource['kind']), namespace: text(metadata['namespace']), name: text(metadata['name']) };
}

/** `apps/v1` -> apps, v1; `v1` -> '', v1. */
export function groupAndVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export const sameKey = (a: ResourceKey, b: ResourceKey): boolean => a.apiVersion === b.apiVersion && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/** `Kind namespace/name` (or `Kind name` without a namespace), for messages. */
export function describeKey(key: ResourceKey): string {
  return `${key.kind} ${key.namespace === '' ? '' : key.namespace + '/'}${key.name}`;
}

/**
 * The cluster a generate rule writes to, offline: the resources that exist (the trigger and
 * the clone sources a test names), and the ones the rule has generated so far. Kyverno's CLI
 * gives its generate controller a fake client holding the same; a target that exists already
 * is not generated again.
 */
export class ClusterStandIn {
  private readonly resources: JsonObject[];

  constructor(existing: readonly JsonObject[]) {
    this.resources = [...existing];
  }

  find(key: ResourceKey): JsonObject | undefined {
    return this.resources.find((r) => sameKey(keyOf(r), key));
  }

  /** Resources of an apiVersion and kind, in a namespace ('' for every namespace), that a label selector (absent: every one) selects. */
  list(apiVersion: string, kind: string, namespace: string, selector: JsonValue | undefined): Outcome<JsonObject[]> {
    const found: JsonObject[] = [];
    for (const resource of this.resources) {
      const key = keyOf(resource);
      if (key.apiVersion !== apiVersion || key.kind !== kind) continue;
      if (namespace !== '' && key.namespace !== namespace) continue;
      if (selector !== undefined && selector !== null) {
        const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
        const verdict = selectorMatches(selector, stringMap(metadata['labels']));
        if ('error' in verdict) return err(`cloneList.selector: ${verdict.error}`);
        if (!verdict.matched) continue;
      }
      found.push(resource);
    }
    return ok(found);
  }

  add(resource: JsonObject): void {
    this.resources.push(resource);
  }
}
