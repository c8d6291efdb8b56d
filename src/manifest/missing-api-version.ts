import { isObject, type JsonObject } from '../core/json.ts';

/** Kustomize's own files name a kind and often no apiVersion; they are not Kubernetes objects. */
const TOOL_KINDS = new Set(['Kustomization', 'Component']);

/** The apiVersion of common kinds, for the hint. */
const KNOWN: Record<string, string> = {
  Pod: 'v1', Service: 'v1', ConfigMap: 'v1', Secret: 'v1', ServiceAccount: 'v1', Namespace: 'v1', PersistentVolumeClaim: 'v1',
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1',
  Job: 'batch/v1', CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2', PodDisruptionBudget: 'policy/v1',
};

/**
 * A document that is meant as a Kubernetes object — a kind such as `Deployment` and a
 * metadata mapping — but has no apiVersion: Kubernetes refuses it, so it is reported rather
 * than skipped like a file that is no Kubernetes object at all (values, Chart.yaml).
 */
export function missingApiVersion(value: JsonObject): string | undefined {
  const kind = value['kind'];
  if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || TOOL_KINDS.has(kind)) return undefined;
  if (value['apiVersion'] !== undefined && value['apiVersion'] !== null && value['apiVersion'] !== '') return undefined;
  if (!isObject(value['metadata'])) return undefined;
  const known = KNOWN[kind];
  const name = typeof value['metadata']['name'] === 'string' ? ` '${value['metadata']['name']}'` : '';
  return `This ${kind}${name} has no apiVersion, so Kubernetes cannot apply it and no policy checked it. Add apiVersion${known ? ` (${known} for a ${kind})` : ''} above kind.`;
}
