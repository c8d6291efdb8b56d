import type { JsonObject } from '../../core/json.ts';

/**
 * Which lists a strategic merge merges, and by which key — the `x-kubernetes-patch-strategy:
 * merge` / `x-kubernetes-patch-merge-key` tags of the Kubernetes API types that Kyverno's
 * merge (kustomize kyaml merge2) reads from its built-in OpenAPI document. Lists without a
 * tag (args, tolerations, capabilities.add …) and every list of an unknown kind (custom
 * resources) are replaced whole.
 */
export interface MergeSchema {
  fields?: Readonly<Record<string, MergeSchema>>;
  /** Schema of the elements when this node is a list. */
  items?: MergeSchema;
  /** Set when the list is merged: by `mergeKey`, or as a set of scalars when null. */
  list?: { mergeKey: string | null };
}

function keyed(mergeKey: string, items?: MergeSchema): MergeSchema {
  return items === undefined ? { list: { mergeKey } } : { list: { mergeKey }, items };
}

const OBJECT_META: MergeSchema = {
  fields: { finalizers: { list: { mergeKey: null } }, ownerReferences: keyed('uid') },
};

const CONTAINER: MergeSchema = {
  fields: {
    env: keyed('name'),
    ports: keyed('containerPort'),
    volumeMounts: keyed('mountPath'),
    volumeDevices: keyed('devicePath'),
  },
};

const POD_SPEC: MergeSchema = {
  fields: {
    containers: keyed('name', CONTAINER),
    initContainers: keyed('name', CONTAINER),
    ephemeralContainers: keyed('name', CONTAINER),
    volumes: keyed('name'),
    imagePullSecrets: keyed('name'),
    hostAliases: keyed('ip'),
    topologySpreadConstraints: keyed('topologyKey'),
    resourceClaims: keyed('name'),
    schedulingGates: keyed('name'),
  },
};

const POD_TEMPLATE: MergeSchema = { fields: { metadata: OBJECT_META, spec: POD_SPEC } };
const META_ONLY: MergeSchema = { fields: { metadata: OBJECT_META } };

function withSpec(spec: MergeSchema): MergeSchema {
  return { fields: { metadata: OBJECT_META, spec } };
}

const WORKLOAD = withSpec({ fields: { template: POD_TEMPLATE } });
const JOB_TEMPLATE: MergeSchema = { fields: { metadata: OBJECT_META, spec: { fields: { template: POD_TEMPLATE } } } };

/** Schemas by `group/kind` (core group: empty). */
const BY_KIND: Readonly<Record<string, MergeSchema>> = {
  '/Pod': withSpec(POD_SPEC),
  '/PodTemplate': { fields: { metadata: OBJECT_META, template: POD_TEMPLATE } },
  '/ReplicationController': WORKLOAD,
  '/Service': withSpec({ fields: { ports: keyed('port') } }),
  'apps/Deployment': WORKLOAD,
  'apps/StatefulSet': WORKLOAD,
  'apps/DaemonSet': WORKLOAD,
  'apps/ReplicaSet': WORKLOAD,
  'extensions/Deployment': WORKLOAD,
  'extensions/DaemonSet': WORKLOAD,
  'extensions/ReplicaSet': WORKLOAD,
  'batch/Job': WORKLOAD,
  'batch/CronJob': withSpec({ fields: { jobTemplate: JOB_TEMPLATE } }),
};

/** API groups served by Kubernetes itself (their objects have a known schema). */
function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** The merge schema for a whole resource, or undefined for kinds Kubernetes does not define. */
export function schemaForResource(resource: JsonObject): MergeSchema | undefined {
  const apiVersion = resource['apiVersion'];
  const kind = resource['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') return undefined;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (!isBuiltInGroup(group)) return undefined;
  return BY_KIND[`${group}/${kind}`] ?? META_ONLY;
}

export function fieldSchema(schema: MergeSchema | undefined, key: string): MergeSchema | undefined {
  return schema?.fields?.[key];
}
