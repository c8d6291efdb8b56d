import { isArray, isObject, type JsonObject } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { isClusterScopedKind } from '../match/scope.ts';

/** Server-set metadata a generated resource does not carry over from what it was written or cloned from. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'annotations', 'selfLink'];

/**
 * The resources a GeneratingPolicy creates from what it hands to generator.Apply (or its
 * template renders) for a target namespace, as Kyverno's CLI records them: a List stands for
 * its items; a namespaced resource goes into the target namespace, a cluster-scoped one into
 * none; server-set metadata (uid, resourceVersion, creationTimestamp, managedFields) and the
 * annotations are dropped, and so are the owner references of a resource cloned from another
 * namespace (its owner is not there). A NamespacedGeneratingPolicy cannot create
 * cluster-scoped resources.
 */
export function generatedResources(namespace: string, written: readonly JsonObject[], policyNamespace: string | undefined): Outcome<JsonObject[]> {
  const out: JsonObject[] = [];
  const items = written.flatMap((w) => (isArray(w['items']) ? w['items'].filter(isObject) : [w]));
  for (const item of items) {
    const kind = typeof item['kind'] === 'string' ? item['kind'] : '';
    const metadata: JsonObject = isObject(item['metadata']) ? { ...item['metadata'] } : {};
    let target = namespace;
    if (isClusterScopedKind(kind)) {
      if (namespace !== '' && policyNamespace !== undefined) {
        return err(`a policy in namespace ${policyNamespace} cannot generate the cluster-scoped ${kind} ${String(metadata['name'] ?? '')}`);
      }
      target = '';
    }
    const source = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
    if (source !== '' && source !== target) delete metadata['ownerReferences'];
    for (const field of SERVER_FIELDS) delete metadata[field];
    if (target === '') delete metadata['namespace'];
    else metadata['namespace'] = target;
    out.push({ ...item, metadata });
  }
  return ok(out);
}
