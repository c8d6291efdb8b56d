import type { Environment } from '@marcbachmann/cel-js';
import type { JsonObject, JsonValue } from '../../../core/json.ts';
import { resourceRef } from '../../../core/resource-ref.ts';
import { parseImageReference } from '../../jmespath/image-reference.ts';
import { pluralOf } from '../../unsupported-policy.ts';
import { registerImageVerifyLibrary } from './image-verify-library.ts';
import { toCel } from './values.ts';

/**
 * What Kyverno's CEL libraries read from outside the admission request. In `preadmit test`
 * it comes from the test's Context file (as Kyverno's CLI serves it); in `check` there is no
 * cluster, so lookups fail with a clear error.
 */
export interface CelContextData {
  /** Cluster resources `resource.Get` / `resource.List` serve. */
  resources: readonly JsonObject[];
  /** Image metadata `image.GetMetadata` serves, by image reference as written. */
  images: Readonly<Record<string, JsonObject>>;
  /** Global context entries `globalContext.Get` serves, by name. */
  globalContext?: Readonly<Record<string, JsonValue>>;
  /** A lookup of global context entries (mocks of a test), tried before `globalContext`. */
  globalLookup?: (name: string, projection: string) => { value: JsonValue } | { error: string } | undefined;
  /** Mocked HTTP responses `http.Get` / `http.Post` serve; undefined when the call is not mocked. */
  http?: (method: string, url: string) => { status: number; body: JsonValue } | undefined;
  /** The clock of `time.now()`. */
  now?: Date;
}

function fail(message: string): never {
  throw new Error(message);
}

/** `resource`: resource.Get / resource.List on the context's resources. */
export class ResourceLibrary {
  constructor(readonly data: CelContextData) {}
  private select(apiVersion: string, plural: string, namespace: string): JsonObject[] {
    return this.data.resources.filter((r) => {
      const ref = resourceRef(r);
      return r['apiVersion'] === apiVersion && pluralOf(ref.kind) === plural.toLowerCase() && (ref.namespace ?? '') === namespace;
    });
  }
  get(apiVersion: string, plural: string, namespace: string, name: string): unknown {
    const found = this.select(apiVersion, plural, namespace).find((r) => resourceRef(r).name === name);
    return found ? toCel(found) : fail(`${plural} "${name}" not found${namespace ? ` in namespace ${namespace}` : ''} (resource.Get reads the test's Context file; preadmit has no cluster)`);
  }
  list(apiVersion: string, plural: string, namespace: string): unknown {
    return { apiVersion, kind: 'List', items: this.select(apiVersion, plural, namespace).map(toCel) };
  }
}

/** `image`: image.GetMetadata on the context's images. */
export class ImageDataLibrary {
  constructor(readonly data: CelContextData) {}
  metadata(reference: string): unknown {
    const found = this.data.images[reference];
    return found ? toCel(found) : fail(`image data for ${reference} not found in the context (image.GetMetadata reads the test's Context file; preadmit makes no registry calls)`);
  }
}

/** `globalContext`: globalContext.Get. */
export class GlobalContextLibrary {
  constructor(readonly data: CelContextData) {}
  get(name: string, projection: string): unknown {
    const looked = this.data.globalLookup?.(name, projection);
    if (looked !== undefined) return 'error' in looked ? fail(looked.error) : toCel(looked.value);
    const entry = this.data.globalContext?.[name];
    if (entry === undefined) return null;
    if (projection === '') return toCel(entry);
    const value = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry[projection] : undefined;
    return value === undefined ? fail(`projection "${projection}" not found in global context entry "${name}"`) : toCel(value);
  }
}

/** `time`: time.now(). */
export class TimeLibrary {
  constructor(readonly data: CelContextData) {}
}

/** A namespace without data. */
export class JsonPatchLibrary {}

/** `http`: http.Get / http.Post answered by the test's mocked API calls; preadmit makes no calls. */
export class HttpLibrary {
  constructor(readonly data: CelContextData) {}
  call(method: string, url: string): unknown {
    const mocked = this.data.http?.(method, url);
    return mocked ? toCel({ body: mocked.body, statusCode: mocked.status }) : fail(`http.${method === 'GET' ? 'Get' : 'Post'}("${url}"): preadmit makes no HTTP calls (it evaluates offline); a test can mock the call with apiCallResponses`);
  }
}

/** A parsed image reference: `image("ghcr.io/org/app:1.0").registry()`. */
export class CelImage {
  constructor(
    readonly registry: string,
    readonly repository: string,
    readonly tag: string,
    readonly digest: string,
  ) {}
  toJSON(): string {
    return `${this.registry}/${this.repository}${this.tag ? ':' + this.tag : ''}${this.digest ? '@' + this.digest : ''}`;
  }
}

function image(reference: string): CelImage {
  const parsed = parseImageReference(reference);
  if (typeof parsed === 'string') return fail(`could not parse image reference ${reference}: ${parsed}`);
  return new CelImage(parsed.registry, parsed.path, reference.includes('@') && !/:[\w][\w.-]*@/.test(reference) ? '' : (parsed.tag ?? ''), parsed.digest ?? '');
}

/** The Kyverno namespaces of one evaluation. */
export function kyvernoBindings(data: CelContextData): Record<string, unknown> {
  return {
    resource: new ResourceLibrary(data),
    image: new ImageDataLibrary(data),
    globalContext: new GlobalContextLibrary(data),
    time: new TimeLibrary(data),
    jsonpatch: new JsonPatchLibrary(),
    http: new HttpLibrary(data),
  };
}

export function registerKyvernoLibrary(env: Environment): void {
  env.registerType('kyverno.Resource', ResourceLibrary).registerVariable('resource', 'kyverno.Resource');
  for (const name of ['Get', 'get']) {
    env.registerFunction(`kyverno.Resource.${name}(string, string, string, string): dyn`, (lib: ResourceLibrary, a: string, r: string, ns: string, n: string) => lib.get(a, r, ns, n));
  }
  for (const name of ['List', 'list']) {
    env.registerFunction(`kyverno.Resource.${name}(string, string, string): dyn`, (lib: ResourceLibrary, a: string, r: string, ns: string) => lib.list(a, r, ns));
  }
  env.registerType('kyverno.ImageData', ImageDataLibrary).registerVariable('image', 'kyverno.ImageData');
  env.registerFunction('kyverno.ImageData.GetMetadata(string): dyn', (lib: ImageDataLibrary, ref: string) => lib.metadata(ref));
  env.registerType('kyverno.GlobalContext', GlobalContextLibrary).registerVariable('globalContext', 'kyverno.GlobalContext');
  env.registerFunction('kyverno.GlobalContext.Get(string, string): dyn', (lib: GlobalContextLibrary, n: string, p: string) => lib.get(n, p));
  env.registerType('kyverno.Time', TimeLibrary).registerVariable('time', 'kyverno.Time');
  env.registerFunction('kyverno.Time.now(): google.protobuf.Timestamp', (lib: TimeLibrary) => lib.data.now ?? new Date());
  env.registerType('kyverno.JsonPatch', JsonPatchLibrary).registerVariable('jsonpatch', 'kyverno.JsonPatch');
  env.registerFunction('kyverno.JsonPatch.escapeKey(string): string', (_lib: JsonPatchLibrary, key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1'));
  env.registerType('kyverno.Http', HttpLibrary).registerVariable('http', 'kyverno.Http');
  env.registerFunction('kyverno.Http.Get(string): dyn', (lib: HttpLibrary, url: string) => lib.call('GET', url));
  env.registerFunction('kyverno.Http.Get(string, dyn): dyn', (lib: HttpLibrary, url: string) => lib.call('GET', url));
  env.registerFunction('kyverno.Http.Post(string, dyn): dyn', (lib: HttpLibrary, url: string) => lib.call('POST', url));
  env.registerFunction('kyverno.Http.Post(string, dyn, dyn): dyn', (lib: HttpLibrary, url: string) => lib.call('POST', url));
  env.registerType('kyverno.Image', CelImage);
  env.registerFunction('image(string): kyverno.Image', image);
  env.registerFunction('isImage(string): bool', (s: string) => typeof parseImageReference(s) !== 'string');
  env.registerFunction('kyverno.Image.registry(): string', (i: CelImage) => i.registry);
  env.registerFunction('kyverno.Image.repository(): string', (i: CelImage) => i.repository);
  env.registerFunction('kyverno.Image.identifier(): string', (i: CelImage) => i.digest || i.tag);
  env.registerFunction('kyverno.Image.tag(): string', (i: CelImage) => i.tag);
  env.registerFunction('kyverno.Image.digest(): string', (i: CelImage) => i.digest);
  env.registerFunction('kyverno.Image.containsDigest(): bool', (i: CelImage) => i.digest !== '');
  registerImageVerifyLibrary(env);
  env.registerFunction('parseServiceAccount(string): map', (username: string) => {
    const parts = username.startsWith('system:serviceaccount:') ? username.slice('system:serviceaccount:'.length).split(':') : [];
    return parts.length === 2 ? { Namespace: parts[0], Name: parts[1] } : { Namespace: '', Name: '' };
  });
}
