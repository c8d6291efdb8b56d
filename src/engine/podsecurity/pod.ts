import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { ContainerRef, FieldError, PathSegment, PodParts } from './types.ts';

/** Read a nested value; undefined when any step is missing or not an object. */
export function dig(root: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
  }
  return current;
}

export function digObject(root: JsonValue | undefined, ...keys: string[]): JsonObject | undefined {
  const value = dig(root, ...keys);
  return isObject(value) ? value : undefined;
}

export function digArray(root: JsonValue | undefined, ...keys: string[]): JsonValue[] {
  const value = dig(root, ...keys);
  return Array.isArray(value) ? value : [];
}

export function digString(root: JsonValue | undefined, ...keys: string[]): string | undefined {
  const value = dig(root, ...keys);
  return typeof value === 'string' ? value : undefined;
}

/** A Go string field: absent reads as ''. */
export function goString(root: JsonValue | undefined, ...keys: string[]): string {
  const value = dig(root, ...keys);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function isTrue(value: JsonValue | undefined): boolean {
  return value === true;
}

export function podParts(pod: JsonObject): PodParts {
  const metadata = isObject(pod['metadata']) ? pod['metadata'] : {};
  const spec = isObject(pod['spec']) ? pod['spec'] : {};
  return { metadata, spec };
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * The containers of the spec under evaluation: every check asks for them, one spec after
 * another. Only the last spec's are kept (a map by spec, one entry per resource, cost the
 * collector more than listing them again).
 */
let lastContainers: { spec: JsonObject; refs: readonly ContainerRef[] } | undefined;

/** Containers in the admission controller's order: init containers, containers, ephemeral containers. */
export function containersOf(spec: JsonObject): readonly ContainerRef[] {
  if (lastContainers?.spec === spec) return lastContainers.refs;
  const refs = listContainers(spec);
  lastContainers = { spec, refs };
  return refs;
}

function listContainers(spec: JsonObject): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    digArray(spec, list).forEach((container, index) => {
      if (!isObject(container)) return;
      refs.push({ list, index, name: goString(container, 'name'), container });
    });
  }
  return refs;
}

/** The path of a container field: spec.<list>[i].<rest>. */
export function containerPath(ref: ContainerRef, ...rest: PathSegment[]): PathSegment[] {
  return ['spec', ref.list, ref.index, ...rest];
}

export function fieldError(path: PathSegment[], ...badValues: (string | undefined)[]): FieldError {
  return { path, badValues: badValues.filter((v): v is string => v !== undefined && v !== '') };
}

/** True when spec.os.name is windows (the exemption of several restricted checks from 1.25). */
export function isWindowsPod(spec: JsonObject): boolean {
  return digString(spec, 'os', 'name') === 'windows';
}

/** hostUsers: false puts the pod in a user namespace. */
export function inUserNamespace(spec: JsonObject): boolean {
  return dig(spec, 'hostUsers') === false;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : '"' + items.join('", "') + '"';
}

/** Go's sets.List(): unique and sorted (byte order). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
