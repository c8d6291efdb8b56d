import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { parseImageReference } from './jmespath/image-reference.ts';
import type { KyvernoJmespath } from './jmespath/registry.ts';
import { podView } from './pod-template.ts';
import { withVariables } from './scope-data.ts';
import { extend } from './extend.ts';
import type { AdmissionInput } from './types.ts';
import type { VariableScope } from './variables.ts';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Kyverno's `images` variable: for each container list of the Pod a resource runs (the Pod,
 * a controller's template, a CronJob's job template), the parsed image of every container
 * by container name: images.containers.<name>.{registry, path, name, tag, digest,
 * reference, referenceWithTag, jsonPointer}. Lists without containers are left out; an
 * image that does not parse is skipped. Undefined when the resource runs no containers.
 */
export function computeImages(resource: JsonObject): JsonObject | undefined {
  const view = podView(resource);
  if (!view) return undefined;
  const spec = view.pod['spec'];
  if (!isObject(spec)) return undefined;
  const images: JsonObject = {};
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    const byName: JsonObject = {};
    containers.forEach((container, index) => {
      if (!isObject(container) || typeof container['image'] !== 'string') return;
      const info = parseImageReference(container['image']);
      if (typeof info === 'string') return;
      const name = typeof container['name'] === 'string' ? container['name'] : String(index);
      byName[name] = extend(info, { jsonPointer: `${view.prefix}/spec/${list}/${index}/image` });
    });
    if (Object.keys(byName).length > 0) images[list] = byName;
  }
  return Object.keys(images).length > 0 ? images : undefined;
}

function groupVersionKind(resource: JsonObject): JsonObject {
  const apiVersion = typeof resource['apiVersion'] === 'string' ? resource['apiVersion'] : '';
  const slash = apiVersion.indexOf('/');
  return {
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    kind: typeof resource['kind'] === 'string' ? resource['kind'] : '',
  };
}

/** serviceAccountName / serviceAccountNamespace from "system:serviceaccount:<ns>:<name>"; empty otherwise. */
export function serviceAccountVariables(username: string): JsonObject {
  const prefix = 'system:serviceaccount:';
  const parts = username.startsWith(prefix) ? username.slice(prefix.length).split(':') : [];
  const [namespace, name] = parts.length >= 2 ? parts : ['', ''];
  return { serviceAccountName: name ?? '', serviceAccountNamespace: namespace ?? '' };
}

export interface ScopeOptions {
  /** Variables from a Values file; dotted names ("request.object.metadata.name") set nested paths and win. */
  values?: Record<string, JsonValue>;
  /** Further top-level entries (loaded context entries, element …), applied before the values. */
  extra?: JsonObject;
  /** The evaluator to carry in the scope (its clock and random source). */
  jmespath?: KyvernoJmespath;
}

/**
 * The variable scope Kyverno builds for an admission request: `request` (operation,
 * object, oldObject, kind, name, namespace, userInfo, roles, clusterRoles, dryRun),
 * `serviceAccountName`, `serviceAccountNamespace`, `images`; then extra entries; then the
 * Values variables.
 */
export function buildScope(input: AdmissionInput, options: ScopeOptions = {}): VariableScope {
  const subject = input.operation === 'DELETE' && input.oldResource ? input.oldResource : input.resource;
  const metadata = isObject(subject['metadata']) ? subject['metadata'] : {};
  const userInfo: JsonObject = input.userInfo ?? { username: '', groups: [] };
  const request: JsonObject = {
    operation: input.operation,
    object: input.operation === 'DELETE' ? null : input.resource,
    oldObject: input.oldResource ?? null,
    kind: groupVersionKind(subject),
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '',
    userInfo,
    roles: input.roles ?? [],
    clusterRoles: input.clusterRoles ?? [],
    dryRun: false,
  };
  const username = typeof userInfo['username'] === 'string' ? userInfo['username'] : '';
  let data: JsonObject = { request, ...serviceAccountVariables(username) };
  const images = computeImages(subject);
  if (images) data['images'] = images;
  data = { ...data, ...(options.extra ?? {}) };
  data = withVariables(data, options.values ?? {});
  return options.jmespath ? { data, jmespath: options.jmespath } : { data };
}
