import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { gvkOf } from '../match/kinds.ts';
import { isClusterScopedKind } from '../match/scope.ts';
import { pluralOf } from '../unsupported-policy.ts';
import type { Operation } from '../types.ts';
import type { CelContextData } from './adapter/index.ts';

/** One admission request as the CEL programs see it. */
export interface CelRequest {
  /** The object being admitted (null on DELETE). */
  object: JsonObject | null;
  /** The object before the change (null on CREATE). */
  oldObject: JsonObject | null;
  operation: Operation;
  userInfo: JsonObject;
  /** The Namespace object of a namespaced resource (null for cluster-scoped ones). */
  namespaceObject: JsonObject | null;
  /** Data Kyverno's libraries read (resource.Get, image.GetMetadata …). */
  context: CelContextData;
  /** The request is for a subresource (`binding`, `exec` …) of a resource of `kind`. */
  subresource?: { name: string; kind: { group: string; version: string; kind: string } };
}

/** The resource the request is about: the object, or the old object on DELETE. */
export function subjectOf(request: CelRequest): JsonObject {
  return request.object ?? request.oldObject ?? {};
}

export function isNamespaced(resource: JsonObject): boolean {
  return !isClusterScopedKind(typeof resource['kind'] === 'string' ? resource['kind'] : '');
}

/** The admission request (admission.k8s.io/v1 AdmissionRequest) of `request`. */
export function admissionRequest(request: CelRequest): JsonObject {
  const subject = subjectOf(request);
  const gvk = request.subresource?.kind ?? gvkOf(subject);
  const metadata = isObject(subject['metadata']) ? subject['metadata'] : {};
  const kind: JsonObject = { group: gvk.group, version: gvk.version, kind: gvk.kind };
  const resource: JsonObject = { group: gvk.group, version: gvk.version, resource: pluralOf(gvk.kind) };
  if (request.subresource) resource['subResource'] = request.subresource.name;
  const out: JsonObject = {
    uid: '',
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '',
    operation: request.operation,
    userInfo: request.userInfo,
    object: request.object,
    oldObject: request.oldObject,
    dryRun: false,
  };
  return out;
}

/** A Namespace object for a namespace known only by name and labels. */
export function namespaceObjectFor(name: string, labels: Record<string, string> = {}): JsonObject {
  const metadata: Record<string, JsonValue> = { name };
  if (Object.keys(labels).length > 0) metadata['labels'] = labels;
  return { apiVersion: 'v1', kind: 'Namespace', metadata };
}
