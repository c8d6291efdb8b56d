import { isObject, type JsonObject } from '../../core/json.ts';
import { copyJson } from '../json-copy.ts';
import { wildcardMatch } from '../wildcard.ts';
import { CONTROL_CHECK_IDS } from './controls.ts';
import { containerOfField, starredField } from './field-path.ts';
import { digArray, goString } from './pod.ts';
import type { PodSecurityExclusion } from './rule.ts';
import type { CheckFailure, FieldError } from './types.ts';

/** A failed check and the offending fields not yet excluded. */
export interface CheckOutcome {
  id: string;
  failure: CheckFailure;
  remaining: FieldError[];
}

export type PodEvaluator = (pod: JsonObject) => CheckOutcome[];

const LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

function matchesAny(patterns: readonly string[], text: string): boolean {
  return patterns.some((p) => wildcardMatch(p, text));
}

/** An exclusion without images applies to the pod: its containers are replaced by one bare container. */
function podLevelVariant(pod: JsonObject): JsonObject {
  const copy = copyJson(pod);
  const spec: JsonObject = isObject(copy['spec']) ? copy['spec'] : {};
  spec['containers'] = [{ name: 'fake' }];
  delete spec['initContainers'];
  delete spec['ephemeralContainers'];
  copy['spec'] = spec;
  return copy;
}

/** An exclusion with images applies to the containers running those images, without the pod-level settings. */
function containerLevelVariant(pod: JsonObject, images: readonly string[]): JsonObject {
  const metadata = isObject(pod['metadata']) ? pod['metadata'] : {};
  const spec: JsonObject = {};
  for (const list of LISTS) {
    const matching = digArray(pod['spec'], list).filter((c) => isObject(c) && matchesAny(images, goString(c, 'image')));
    if (matching.length > 0) spec[list] = copyJson(matching);
  }
  const variantMetadata: JsonObject = {};
  if (typeof metadata['name'] === 'string') variantMetadata['name'] = metadata['name'];
  if (typeof metadata['namespace'] === 'string') variantMetadata['namespace'] = metadata['namespace'];
  return { metadata: variantMetadata, spec };
}

function containerName(pod: JsonObject, error: FieldError): string | undefined {
  const at = containerOfField(error.path);
  if (!at) return undefined;
  return goString(digArray(pod['spec'], at.list)[at.index], 'name');
}

/**
 * Kyverno's podSecurity exclusions. The excluded part of the pod (the pod-level settings, or the containers
 * running the listed images) is evaluated on its own; each offending field it reports for the control,
 * when it is the restrictedField (if given) and all its values match `values` (if given), removes the same
 * field (for container fields: of the same container) from the pod's results. A check with no offending
 * field left no longer fails.
 */
export function applyExclusions(pod: JsonObject, outcomes: CheckOutcome[], exclusions: readonly PodSecurityExclusion[], evaluate: PodEvaluator): CheckOutcome[] {
  let current = outcomes.map((o) => ({ ...o, remaining: [...o.remaining] }));
  for (const exclusion of exclusions) {
    const images = exclusion.images ?? [];
    const containerLevel = images.length > 0;
    const variant = containerLevel ? containerLevelVariant(pod, images) : podLevelVariant(pod);
    const ids = CONTROL_CHECK_IDS[exclusion.controlName] ?? [];
    for (const excluded of evaluate(variant)) {
      if (!ids.includes(excluded.id)) continue;
      const target = current.find((o) => o.id === excluded.id);
      if (!target) continue;
      for (const error of excluded.failure.errors) {
        const field = starredField(error.path);
        if (exclusion.restrictedField !== undefined && exclusion.restrictedField !== field) continue;
        const values = exclusion.values ?? [];
        if (values.length > 0 && !error.badValues.every((v) => matchesAny(values, v))) continue;
        const name = containerLevel ? containerName(variant, error) : undefined;
        const index = target.remaining.findIndex(
          (candidate) => starredField(candidate.path) === field && (name === undefined || containerName(pod, candidate) === name),
        );
        if (index >= 0) target.remaining.splice(index, 1);
      }
      current = current.filter((o) => o.remaining.length > 0);
    }
  }
  return current;
}
