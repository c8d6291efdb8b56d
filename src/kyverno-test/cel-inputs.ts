import { resolve } from 'node:path';
import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { CelInput } from '../engine/cel/cel-input.ts';
import { readCelExceptions } from '../policy/cel/exceptions.ts';
import { loadClusterResources } from './cluster-resources.ts';
import type { DocumentSource } from './documents.ts';
import { withDefaultNamespace } from './patched.ts';
import type { TestSpec } from './test-spec.ts';
import type { TestValues } from './values-file.ts';
import { appendAll } from '../core/append-all.ts';

async function documentsOf(source: DocumentSource, file: string, problems: string[]): Promise<JsonObject[]> {
  const loaded = await source(file);
  appendAll(problems, loaded.problems);
  return loaded.documents.map((d) => d.object);
}

/** A `kind: Context` file: resources (resource.Get/List) and images (image.GetMetadata). */
async function loadContext(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<CelInput['context']> {
  const cluster = await loadClusterResources(spec, base, source, problems);
  if (!spec.context && cluster.length === 0) return undefined;
  const docs = spec.context ? await documentsOf(source, resolve(base, spec.context), problems) : [];
  const doc = docs.find((d) => d['kind'] === 'Context') ?? docs[0];
  const body = doc && isObject(doc['spec']) ? doc['spec'] : {};
  const resources = [...(isArray(body['resources']) ? body['resources'] : []).filter(isObject), ...cluster];
  const images: Record<string, JsonObject> = {};
  for (const entry of (isArray(body['images']) ? body['images'] : []).filter(isObject)) {
    if (typeof entry['image'] !== 'string') continue;
    // as Kyverno's CLI marshals its ImageData: the empty strings are there, the rest only when set
    images[entry['image']] = { resolvedImage: '', registry: '', repository: '', ...entry };
  }
  return { resources, images };
}

/** The user of the requests: a `kind: UserInfo` file's userInfo (username, groups), roles and clusterRoles. */
export interface TestUser {
  userInfo: JsonObject;
  roles: string[];
  clusterRoles: string[];
}

const strings = (value: unknown): string[] => (isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export async function loadUserInfo(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<TestUser | undefined> {
  if (!spec.userinfo) return undefined;
  const docs = await documentsOf(source, resolve(base, spec.userinfo), problems);
  const doc = docs.find((d) => d['kind'] === 'UserInfo') ?? docs[0];
  if (!doc || !isObject(doc['userInfo'])) {
    problems.push(`${spec.userinfo}: a UserInfo file needs a userInfo mapping (username, groups)`);
    return undefined;
  }
  return { userInfo: doc['userInfo'], roles: strings(doc['roles']), clusterRoles: strings(doc['clusterRoles']) };
}

/** What the CEL kinds read beyond the request: the Context file, paramResources, the Values namespaces. */
export async function loadCelInput(spec: TestSpec, base: string, source: DocumentSource, values: TestValues, problems: string[]): Promise<CelInput> {
  const paramResources: JsonObject[] = [];
  for (const path of spec.paramResources) appendAll(paramResources, (await documentsOf(source, resolve(base, path), problems)).map(withDefaultNamespace));
  const exceptionDocs: JsonObject[] = [];
  for (const path of spec.exceptions) appendAll(exceptionDocs, (await documentsOf(source, resolve(base, path), [])));
  const input: CelInput = { paramResources, namespaces: values.namespaces, exceptions: readCelExceptions(exceptionDocs) };
  const context = await loadContext(spec, base, source, problems);
  if (context) input.context = context;
  return input;
}
