import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { copyJson } from '../json-copy.ts';
import { GENERATE_LABEL_PREFIX } from './generated-resource.ts';
import { describeKey, groupAndVersion, keyOf, type ClusterStandIn, type ResourceKey } from './stand-in.ts';

/** What one clone gives: the content of the resource to create, or why nothing is created. */
export type CloneResult = { content: JsonObject; target: ResourceKey } | { nothing: string };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The copy of a clone source a generated resource starts from: the source's labels plus the
 * ones Kyverno tags a source with, without what the API server owns (uid, selfLink,
 * creationTimestamp, managedFields, resourceVersion), and without owner references when it
 * goes to another namespace.
 */
function sourceCopy(source: JsonObject, targetNamespace: string): JsonObject {
  const copy = copyJson(source);
  const metadata: JsonObject = isObject(copy['metadata']) ? copy['metadata'] : {};
  const key = keyOf(source);
  const { group, version } = groupAndVersion(key.apiVersion);
  metadata['labels'] = {
    ...(isObject(metadata['labels']) ? metadata['labels'] : {}),
    [`${GENERATE_LABEL_PREFIX}clone-source`]: '',
    [`${GENERATE_LABEL_PREFIX}source-group`]: group,
    [`${GENERATE_LABEL_PREFIX}source-version`]: version,
    [`${GENERATE_LABEL_PREFIX}source-kind`]: key.kind,
    [`${GENERATE_LABEL_PREFIX}source-namespace`]: key.namespace,
    [`${GENERATE_LABEL_PREFIX}source-uid`]: text(metadata['uid']),
  };
  if (key.namespace !== targetNamespace) delete metadata['ownerReferences'];
  for (const owned of ['uid', 'selfLink', 'creationTimestamp', 'managedFields', 'resourceVersion']) delete metadata[owned];
  copy['metadata'] = metadata;
  return copy;
}

/** Clone `source` (a key of the stand-in cluster) into `target`, as Kyverno's generate controller does. */
export function cloneInto(target: ResourceKey, source: ResourceKey, cluster: ClusterStandIn): Outcome<CloneResult> {
  if (source.namespace === target.namespace && source.name === target.name) return ok({ nothing: `${describeKey(target)} would be cloned from itself` });
  const found = cluster.find(source);
  if (found === undefined) {
    return err(
      `the clone source ${source.apiVersion} ${describeKey(source)} does not exist: preadmit has no cluster, so the source must be given (in a kyverno test, as the result's cloneSourceResource)`,
    );
  }
  if (cluster.find(target) !== undefined) return ok({ nothing: `${describeKey(target)} exists already` });
  return ok({ content: sourceCopy(found, target.namespace), target });
}

/** `v1/Secret` -> v1, Secret; `apps/v1/Deployment` -> apps/v1, Deployment; `Secret` -> '', Secret. */
function splitKind(entry: string): { apiVersion: string; kind: string } {
  const slash = entry.lastIndexOf('/');
  return slash < 0 ? { apiVersion: '', kind: entry } : { apiVersion: entry.slice(0, slash), kind: entry.slice(slash + 1) };
}

/**
 * `generate.cloneList`: every resource of the listed kinds in the source namespace that the
 * selector selects is cloned into the target namespace under its own name; one already in the
 * target namespace is left alone.
 */
export function cloneList(cloneListSpec: JsonObject, targetNamespace: string, cluster: ClusterStandIn): Outcome<CloneResult[]> {
  const kinds = isArray(cloneListSpec['kinds']) ? cloneListSpec['kinds'] : [];
  const sourceNamespace = text(cloneListSpec['namespace']);
  const selector: JsonValue | undefined = cloneListSpec['selector'];
  const results: CloneResult[] = [];
  for (const entry of kinds) {
    if (typeof entry !== 'string') return err('cloneList.kinds must be strings (v1/Secret)');
    const { apiVersion, kind } = splitKind(entry);
    if (apiVersion === '') return err(`cloneList.kinds: write ${kind} with its apiVersion (v1/${kind}): Kyverno cannot list a kind without it`);
    const sources = cluster.list(apiVersion, kind, sourceNamespace, selector);
    if (!sources.ok) return sources;
    for (const source of sources.value) {
      const key = keyOf(source);
      const target: ResourceKey = { apiVersion: key.apiVersion, kind: key.kind, namespace: targetNamespace, name: key.name };
      if (key.namespace === targetNamespace) {
        results.push({ nothing: `${describeKey(key)} is in the target namespace already` });
        continue;
      }
      const cloned = cloneInto(target, key, cluster);
      if (!cloned.ok) return cloned;
      results.push(cloned.value);
    }
  }
  return ok(results);
}
