import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { containsKind, kindsOf } from '../../engine/match/kinds.ts';

/** Pod controllers Kyverno generates rules for, CronJob apart. */
export const POD_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const;
const AUTOGEN_KINDS = new Set<string>(['Pod', ...POD_CONTROLLERS, 'CronJob']);

export const AUTOGEN_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';

/** The `resources` blocks of a match or exclude block: legacy, `any[]` and `all[]`. */
export function resourceBlocks(block: JsonValue | undefined): JsonObject[] {
  if (!isObject(block)) return [];
  const out: JsonObject[] = [];
  if (isObject(block['resources'])) out.push(block['resources']);
  for (const key of ['any', 'all'] as const) {
    const filters = block[key];
    if (!Array.isArray(filters)) continue;
    for (const filter of filters) if (isObject(filter) && isObject(filter['resources'])) out.push(filter['resources']);
  }
  return out;
}

/** All kinds named by a match or exclude block (Kyverno's MatchResources.GetKinds). */
export function blockKinds(block: JsonValue | undefined): string[] {
  return resourceBlocks(block).flatMap((r) => kindsOf(r));
}

function present(value: JsonValue | undefined): boolean {
  return value !== undefined && value !== null;
}

/** Can this resource description be carried over to pod controllers? (no name, names, selector, annotations; no Pod mixed with other kinds) */
function translatable(resources: JsonObject): boolean {
  const names = resources['names'];
  if (typeof resources['name'] === 'string' && resources['name'] !== '') return false;
  if (Array.isArray(names) && names.length > 0) return false;
  if (present(resources['selector']) || present(resources['annotations'])) return false;
  const kinds = kindsOf(resources);
  return !(kinds.length > 1 && containsKind(kinds, 'Pod'));
}

function hasJson6902(mutate: JsonValue | undefined): boolean {
  if (!isObject(mutate)) return false;
  if (typeof mutate['patchesJson6902'] === 'string' && mutate['patchesJson6902'] !== '') return true;
  const foreach = mutate['foreach'];
  return Array.isArray(foreach) && foreach.some((f) => isObject(f) && typeof f['patchesJson6902'] === 'string' && f['patchesJson6902'] !== '');
}

/**
 * Kyverno's CanAutoGen over the whole policy: no rule generates, none patches with
 * patchesJson6902, every match/exclude resource description is translatable, and some
 * filter names Pod or a pod controller. Returns the reason when not.
 */
export function autogenBlocker(rules: readonly JsonObject[]): string | undefined {
  let needed = false;
  for (const rule of rules) {
    if (present(rule['generate'])) return 'a rule generates resources';
    if (hasJson6902(rule['mutate'])) return 'a rule mutates with patchesJson6902';
    for (const resources of [...resourceBlocks(rule['match']), ...resourceBlocks(rule['exclude'])]) {
      if (!translatable(resources)) return 'a rule selects by name, selector or annotations, or mixes Pod with other kinds';
      if (kindsOf(resources).some((k) => AUTOGEN_KINDS.has(k))) needed = true;
    }
  }
  return needed ? undefined : 'no rule selects Pods or pod controllers';
}

/**
 * The controllers requested by the annotation, as Kyverno reads it: absent -> all
 * (with CronJob); otherwise the comma-separated list as written ("none" and "" generate nothing).
 */
export function requestedControllers(policy: JsonObject): string[] {
  const metadata = isObject(policy['metadata']) ? policy['metadata'] : {};
  const annotations = isObject(metadata['annotations']) ? metadata['annotations'] : {};
  const value = annotations[AUTOGEN_ANNOTATION];
  if (typeof value !== 'string') return [...POD_CONTROLLERS, 'CronJob'];
  if (value === 'none') return [];
  return value.split(',');
}
