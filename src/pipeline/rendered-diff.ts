import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { deepEqual, type JsonObject } from '../core/json.ts';
import { formatRef, resourceRef } from '../core/resource-ref.ts';

export interface RenderedChange {
  change: 'added' | 'removed' | 'changed';
  /** Kind/namespace/name. */
  resource: string;
  /** The roots (overlays, charts …) that render it. */
  roots: string[];
  /** Unified diff of the resource's YAML (base → head). */
  diff: string;
}

export interface RootResources {
  root: string;
  resources: readonly JsonObject[];
}

function identity(object: JsonObject): string {
  const ref = resourceRef(object);
  return `${ref.apiVersion}|${formatRef(ref)}`;
}

function index(sets: readonly RootResources[]): Map<string, { object: JsonObject; roots: string[] }> {
  const map = new Map<string, { object: JsonObject; roots: string[] }>();
  for (const set of sets) {
    for (const object of set.resources) {
      // the same resource rendered by two roots counts once per root: keep them apart
      const id = `${set.root}\u0000${identity(object)}`;
      map.set(id, { object, roots: [set.root] });
    }
  }
  return map;
}

const yaml = (object: JsonObject | undefined): string => (object ? stringify(object, { lineWidth: 0 }) : '');

/**
 * What the cluster will see change: the rendered resources the pull request adds, removes
 * or changes, per root, with a YAML diff of each. Identical changes in several roots (a base
 * used by three overlays) are listed once with every root named.
 */
export function renderedDiff(base: readonly RootResources[], head: readonly RootResources[]): RenderedChange[] {
  const before = index(base);
  const after = index(head);
  const changes = new Map<string, RenderedChange>();
  const record = (change: RenderedChange['change'], old: JsonObject | undefined, now: JsonObject | undefined, root: string): void => {
    const object = (now ?? old) as JsonObject;
    const name = formatRef(resourceRef(object));
    const diff = createTwoFilesPatch(`a/${name}`, `b/${name}`, yaml(old), yaml(now), '', '', { context: 3 });
    const key = `${change}\u0000${name}\u0000${diff}`;
    const seen = changes.get(key);
    if (seen) seen.roots.push(root);
    else changes.set(key, { change, resource: name, roots: [root], diff });
  };
  for (const [id, { object, roots }] of after) {
    const old = before.get(id);
    const root = roots[0] ?? '';
    if (!old) record('added', undefined, object, root);
    else if (!deepEqual(old.object, object)) record('changed', old.object, object, root);
  }
  for (const [id, { object, roots }] of before) {
    if (!after.has(id)) record('removed', object, undefined, roots[0] ?? '');
  }
  return [...changes.values()].sort((a, b) => a.resource.localeCompare(b.resource) || a.change.localeCompare(b.change));
}
