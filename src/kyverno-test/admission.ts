import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { gvkOf } from '../engine/match/kinds.ts';
import { withVariables } from '../engine/scope-data.ts';
import type { AdmissionInput, Operation } from '../engine/types.ts';
import type { SubresourceMapping } from './values-file.ts';

const OPERATIONS = new Set<Operation>(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** The request a `kyverno test` resource stands for. */
export type TestRequest = Pick<AdmissionInput, 'resource' | 'operation' | 'oldResource' | 'subresource'>;

export function operationOf(values: Record<string, JsonValue>): Operation {
  const value = values['request.operation'];
  return typeof value === 'string' && OPERATIONS.has(value as Operation) ? (value as Operation) : 'CREATE';
}

/** The subresource a resource stands for, from the Values file's `subresources`. */
function subresourceOf(resource: JsonObject, mappings: readonly SubresourceMapping[]): TestRequest['subresource'] {
  const gvk = gvkOf(resource);
  const mapping = mappings.find((m) => m.subresource.kind === gvk.kind && m.subresource.group === gvk.group && m.subresource.version === gvk.version);
  return mapping ? { name: mapping.name, kind: mapping.parent } : undefined;
}

/**
 * The admission request for one test resource, as the Kyverno CLI builds it: the operation
 * from `request.operation` (CREATE by default); UPDATE sees the resource as both the new and
 * the old object, DELETE only as the old one; then the Values variables are merged into the
 * request, so `request.object.…` and `request.oldObject.…` values change the objects the
 * rules see — matching included.
 */
export function testRequest(resource: JsonObject, requestValues: Record<string, JsonValue>, subresources: readonly SubresourceMapping[]): TestRequest {
  const operation = operationOf(requestValues);
  const old = operation === 'UPDATE' || operation === 'DELETE' ? structuredClone(resource) : null;
  const seeded: JsonObject = { request: { object: operation === 'DELETE' ? null : resource, oldObject: old } };
  const merged = withVariables(seeded, requestValues);
  const request = isObject(merged['request']) ? merged['request'] : {};
  const object = isObject(request['object']) ? request['object'] : undefined;
  const oldObject = isObject(request['oldObject']) ? request['oldObject'] : undefined;
  const subresource = subresourceOf(resource, subresources);
  const base: TestRequest = { operation, resource: object ?? oldObject ?? resource };
  if (subresource) base.subresource = subresource;
  if (operation === 'DELETE') return { ...base, resource: oldObject ?? resource, oldResource: oldObject ?? resource };
  if (operation === 'UPDATE' && oldObject) return { ...base, oldResource: oldObject };
  return base;
}
