import { getAtPointer, isObject, type JsonObject } from '../core/json.ts';

/** Where the Pod template sits in each pod controller. */
const TEMPLATE_POINTERS: Record<string, string> = {
  Deployment: '/spec/template',
  DaemonSet: '/spec/template',
  StatefulSet: '/spec/template',
  ReplicaSet: '/spec/template',
  ReplicationController: '/spec/template',
  Job: '/spec/template',
  CronJob: '/spec/jobTemplate/spec/template',
  PodTemplate: '/template',
};

export interface PodView {
  /** A Pod-shaped object: {metadata, spec}. */
  pod: JsonObject;
  /** Pointer of the pod inside the resource ('' for a Pod itself). */
  prefix: string;
}

/** Where a resource of this kind keeps the Pod it runs: '' for a Pod, undefined for a kind that runs none. */
export function podPointerOf(kind: unknown): string | undefined {
  if (kind === 'Pod') return '';
  return typeof kind === 'string' ? TEMPLATE_POINTERS[kind] : undefined;
}

/** The Pod a resource runs: the resource itself for a Pod, the template for a controller. */
export function podView(resource: JsonObject): PodView | undefined {
  const kind = resource['kind'];
  if (kind === 'Pod') return { pod: resource, prefix: '' };
  if (typeof kind !== 'string') return undefined;
  const prefix = TEMPLATE_POINTERS[kind];
  if (prefix === undefined) return undefined;
  const template = getAtPointer(resource, prefix);
  if (!isObject(template)) return undefined;
  const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: isObject(template['metadata']) ? template['metadata'] : {} };
  pod['spec'] = isObject(template['spec']) ? template['spec'] : {};
  return { pod, prefix };
}
