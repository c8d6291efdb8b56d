import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { evaluateExpressionOn } from '../engine/variables.ts';
import { pluralOf } from '../engine/unsupported-policy.ts';
import { isClusterScopedKind } from '../engine/match/scope.ts';
import type { ClusterMocks } from '../engine/types.ts';

/** A mocked global context entry, resolved: its value, or why it cannot be read. */
type GlobalEntry = { value: JsonValue } | { error: string };

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value.trim() : '');

function search(expression: string, data: JsonValue): { value: JsonValue } | { error: string } {
  const result = evaluateExpressionOn(expression, data, { data: {} });
  return result.ok ? { value: result.value } : { error: result.error };
}

/**
 * A `globalContextEntries` entry as `kyverno test` resolves it: its `data`, or the list of
 * its `resources` (inline, or read from `resourceFiles` by the caller), then `fieldPath`, then
 * `projections` (an object of the named projection results).
 */
export function resolveGlobalEntry(entry: JsonObject, fileResources: readonly JsonObject[]): GlobalEntry {
  const name = text(entry['name']);
  let root: JsonValue;
  if (isArray(entry['resources']) || isArray(entry['resourceFiles'])) {
    root = [...(isArray(entry['resources']) ? entry['resources'].filter(isObject) : []), ...fileResources];
  } else {
    root = entry['data'] ?? null;
    if (root === null) return isArray(entry['projections']) && entry['projections'].length > 0 ? { error: `"${name}": data is required when projections are set` } : { value: null };
  }
  const fieldPath = text(entry['fieldPath']);
  if (fieldPath !== '') {
    const found = search(fieldPath, root);
    if ('error' in found) return { error: `"${name}" fieldPath: ${found.error}` };
    root = found.value;
  }
  const projections = isArray(entry['projections']) ? entry['projections'].filter(isObject) : [];
  if (projections.length === 0) return { value: root };
  const out: JsonObject = {};
  for (const projection of projections) {
    const found = search(text(projection['path']), root);
    if ('error' in found) return { error: `"${name}" projection "${text(projection['name'])}": ${found.error}` };
    out[text(projection['name'])] = found.value;
  }
  return { value: out };
}

function globalLookup(entries: ReadonlyMap<string, GlobalEntry>): NonNullable<ClusterMocks['globalContext']> {
  return (name, projection) => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    if ('error' in entry || projection === '') return entry;
    if (!isObject(entry.value)) return { error: `projection "${projection}" requested but the value is not an object` };
    if (!(projection in entry.value)) return { error: `projection "${projection}" not found` };
    return { value: entry.value[projection] ?? null };
  };
}

/** `apiCallResponses` by `METHOD:url` (and by url alone when no method is given). */
function apiCallIndex(responses: readonly JsonObject[]): Map<string, { status: number; body: JsonValue }> {
  const index = new Map<string, { status: number; body: JsonValue }>();
  for (const entry of responses) {
    const url = text(entry['url']) || text(entry['urlPath']);
    if (url === '') continue;
    const response = isObject(entry['response']) ? entry['response'] : {};
    const status = typeof response['statusCode'] === 'number' && response['statusCode'] !== 0 ? response['statusCode'] : 200;
    const method = text(entry['method']).toUpperCase();
    index.set(method === '' ? url : `${method}:${url}`, { status, body: response['body'] ?? null });
  }
  return index;
}

function meta(resource: JsonObject): { name: string; namespace: string } {
  const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
  return { name: text(metadata['name']), namespace: text(metadata['namespace']) };
}

/** The API paths a resource answers: its own, and the lists (namespaced and cluster-wide) it belongs to. */
function apiPaths(resource: JsonObject): { item: string; alsoItem?: string; lists: string[] } {
  const apiVersion = text(resource['apiVersion']);
  const kind = text(resource['kind']);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion || 'v1'}`;
  const plural = pluralOf(kind);
  const { name, namespace } = meta(resource);
  if (isClusterScopedKind(kind)) return { item: `${base}/${plural}/${name}`, lists: [`${base}/${plural}`] };
  const ns = namespace || 'default';
  const namespaced = { item: `${base}/namespaces/${ns}/${plural}/${name}`, lists: [`${base}/namespaces/${ns}/${plural}`, `${base}/${plural}`] };
  // an object written without a namespace may be of a cluster-scoped custom kind: it answers at the cluster path too
  return namespace === '' ? { ...namespaced, alsoItem: `${base}/${plural}/${name}` } : namespaced;
}

/** Answers GET API calls for Kubernetes objects and lists from the resources a test file gives as its cluster. */
function resourceIndex(resources: readonly JsonObject[]): Map<string, JsonValue> {
  const items = new Map<string, JsonValue>();
  const lists = new Map<string, { kind: string; apiVersion: string; items: JsonObject[] }>();
  const clusterItems = new Map<string, JsonValue>();
  for (const resource of resources) {
    const paths = apiPaths(resource);
    items.set(paths.item, resource);
    if (paths.alsoItem !== undefined) clusterItems.set(paths.alsoItem, resource);
    for (const list of paths.lists) {
      const entry = lists.get(list) ?? { kind: `${text(resource['kind'])}List`, apiVersion: text(resource['apiVersion']), items: [] };
      entry.items.push(resource);
      lists.set(list, entry);
    }
  }
  for (const [path, list] of lists) items.set(path, { apiVersion: list.apiVersion, kind: list.kind, metadata: {}, items: list.items });
  for (const [path, resource] of clusterItems) if (!items.has(path)) items.set(path, resource);
  return items;
}

/** Image data of a context file (`spec.images`), shaped as Kyverno's imageRegistry context entry. */
function imageIndex(images: readonly JsonObject[]): Map<string, JsonObject> {
  const index = new Map<string, JsonObject>();
  for (const image of images) {
    const reference = text(image['image']);
    if (reference === '') continue;
    index.set(reference, {
      image: reference,
      resolvedImage: text(image['resolvedImage']) || reference,
      registry: text(image['registry']),
      repository: text(image['repository']),
      identifier: text(image['digest']) || text(image['tag']),
      manifestList: image['imageIndex'] ?? null,
      manifest: image['manifest'] ?? null,
      configData: image['config'] ?? null,
    });
  }
  return index;
}

export interface MockSources {
  apiCallResponses: readonly JsonObject[];
  /** Global context entries with the resources their `resourceFiles` hold. */
  globalContextEntries: readonly { entry: JsonObject; fileResources: JsonObject[] }[];
  /** Cluster resources and images of the test's context file (`kind: Context`). */
  contextResources: readonly JsonObject[];
  contextImages: readonly JsonObject[];
}

/** What stands in for the cluster in one kyverno test; undefined when the test mocks nothing. */
export function clusterMocks(sources: MockSources): ClusterMocks | undefined {
  const calls = apiCallIndex(sources.apiCallResponses);
  const objects = resourceIndex(sources.contextResources);
  const globals = new Map(sources.globalContextEntries.map(({ entry, fileResources }) => [text(entry['name']), resolveGlobalEntry(entry, fileResources)] as const));
  const images = imageIndex(sources.contextImages);
  if (calls.size === 0 && objects.size === 0 && globals.size === 0 && images.size === 0) return undefined;
  const mocks: ClusterMocks = {};
  if (calls.size > 0 || objects.size > 0) {
    mocks.apiCall = (method, url) => {
      const mocked = calls.get(`${method}:${url}`) ?? calls.get(url);
      if (mocked) return mocked;
      const object = method === 'GET' ? objects.get(url.split('?')[0] ?? url) : undefined;
      return object === undefined ? undefined : { status: 200, body: object };
    };
  }
  if (globals.size > 0) mocks.globalContext = globalLookup(globals);
  if (images.size > 0) mocks.image = (reference) => images.get(reference);
  const configMaps = sources.contextResources.filter((r) => r['kind'] === 'ConfigMap');
  if (configMaps.length > 0) {
    mocks.configMap = (namespace, name) => configMaps.find((c) => meta(c).name === name && (meta(c).namespace || 'default') === namespace);
  }
  return mocks;
}
