import { resolve } from 'node:path';
import { appendAll } from '../core/append-all.ts';
import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { DocumentSource } from './documents.ts';
import type { TestSpec } from './test-spec.ts';

/**
 * The resources a test's `clusterResources` files put in the fake cluster (`kind: ClusterResource`,
 * `spec.resources`): `kyverno test` answers configMap context entries, API calls and resource lookups
 * from them. A document of another kind is a problem named with its file.
 */
export async function loadClusterResources(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<JsonObject[]> {
  const resources: JsonObject[] = [];
  for (const path of spec.clusterResources ?? []) {
    const loaded = await source(resolve(base, path));
    appendAll(problems, loaded.problems);
    for (const document of loaded.documents) {
      const object = document.object;
      if (object['kind'] !== 'ClusterResource') {
        problems.push(`${path}: clusterResources files hold kind: ClusterResource documents (cli.kyverno.io/v1alpha1) listing spec.resources; found kind ${JSON.stringify(object['kind'] ?? null)}`);
        continue;
      }
      const body = isObject(object['spec']) ? object['spec'] : {};
      for (const resource of isArray(body['resources']) ? body['resources'] : []) if (isObject(resource)) resources.push(resource);
    }
  }
  return resources;
}
