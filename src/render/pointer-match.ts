import { fromPointer, isObject, toPointer } from '../core/json.ts';
import type { JsonValue } from '../core/json.ts';

/**
 * A pointer made independent of list positions where the list items carry a
 * merge key (containers, env, volumes, volumeMounts, ports …): the same field
 * is then found in another version of the object (the source before a
 * kustomize patch, or the patch itself) even when items were added, removed
 * or reordered. Items without a merge key keep their index.
 */
export type Step = { key: string } | { index: number; mergeKey?: string; mergeValue?: JsonValue };

/** Merge keys of Kubernetes' strategic merge patch, most common first. */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'devicePath', 'ip'];

export function mergeKeyOf(item: JsonValue | undefined): [string, JsonValue] | undefined {
  if (!isObject(item)) return undefined;
  for (const key of MERGE_KEYS) {
    const value = item[key];
    if (typeof value === 'string' || typeof value === 'number') return [key, value];
  }
  return undefined;
}

/** Steps of `pointer` in `object`, or undefined when the pointer does not resolve. */
export function toSteps(object: JsonValue, pointer: string): Step[] | undefined {
  const steps: Step[] = [];
  let current: JsonValue | undefined = object;
  for (const segment of fromPointer(pointer)) {
    if (Array.isArray(current)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return undefined;
      const merge = mergeKeyOf(current[index]);
      steps.push(merge ? { index, mergeKey: merge[0], mergeValue: merge[1] } : { index });
      current = current[index];
    } else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, segment)) {
      steps.push({ key: segment });
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return steps;
}

export interface Resolved {
  /** Pointer in the other object of the deepest step that resolved. */
  pointer: string;
  /** Whether every step resolved. */
  complete: boolean;
  /** The value at `pointer`. */
  value: JsonValue | undefined;
}

/** Follow steps in another object: merge-keyed items by key, others by index. */
export function resolveSteps(object: JsonValue, steps: readonly Step[]): Resolved {
  const segments: (string | number)[] = [];
  let current: JsonValue | undefined = object;
  for (const step of steps) {
    let next: JsonValue | undefined;
    let segment: string | number | undefined;
    if ('key' in step) {
      if (isObject(current) && Object.prototype.hasOwnProperty.call(current, step.key)) {
        next = current[step.key];
        segment = step.key;
      }
    } else if (Array.isArray(current)) {
      if (step.mergeKey !== undefined) {
        const key = step.mergeKey;
        const at = current.findIndex((item) => isObject(item) && item[key] === step.mergeValue);
        if (at !== -1) {
          next = current[at];
          segment = at;
        }
      } else if (step.index < current.length) {
        next = current[step.index];
        segment = step.index;
      }
    }
    if (segment === undefined) return { pointer: toPointer(segments), complete: false, value: current };
    segments.push(segment);
    current = next;
  }
  return { pointer: toPointer(segments), complete: true, value: current };
}

/** Pointer of the same field in `target`, when all of it exists there. */
export function matchPointer(from: JsonValue, pointer: string, target: JsonValue): string | undefined {
  const steps = toSteps(from, pointer);
  if (!steps) return undefined;
  const resolved = resolveSteps(target, steps);
  return resolved.complete ? resolved.pointer : undefined;
}
