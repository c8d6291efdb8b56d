import type { JsonObject } from '../../core/json.ts';
import { objectAt, stringAt } from './documents.ts';

/** Flux GitRepository objects of a tree, by namespace/name, with their URL. */
export type GitSources = ReadonlyMap<string, string | undefined>;

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** Collect the tree's source.toolkit.fluxcd.io GitRepository objects. */
export function gitSources(objects: Iterable<JsonObject>): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const object of objects) {
    const apiVersion = stringAt(object, 'apiVersion') ?? '';
    if (!apiVersion.startsWith('source.toolkit.fluxcd.io/') || object['kind'] !== 'GitRepository') continue;
    const name = stringAt(objectAt(object, 'metadata'), 'name');
    if (name === undefined) continue;
    out.set(key(stringAt(objectAt(object, 'metadata'), 'namespace'), name), stringAt(objectAt(object, 'spec'), 'url'));
  }
  return out;
}

/** A git URL reduced to host/path, so https://, ssh:// and scp-like forms of one repository compare equal. */
export function normaliseGitUrl(url: string): string {
  let u = url.trim().toLowerCase();
  u = u.replace(/^[a-z+]+:\/\//, '');
  u = u.replace(/^[^@/]+@/, '');
  u = u.replace(/^([^/:]+):(?!\d+\/)/, '$1/');
  u = u.replace(/:\d+\//, '/');
  return u.replace(/\.git$/, '').replace(/\/+$/, '');
}

export interface OwnSource {
  /** The repository's own URLs (the app: its clone URL; the CLI: the git remotes). */
  urls?: readonly string[];
}

/**
 * Whether a Flux object's sourceRef is the repository being checked, so its `path` names a
 * directory of this tree. Another kind of source (OCIRepository, Bucket, ExternalArtifact)
 * never is. A GitRepository is when it is named flux-system (what `flux bootstrap` calls the
 * repository it was bootstrapped from) or its URL is one of the repository's own; a
 * GitRepository of this tree with another URL is not. When the repository's URLs are not
 * known, or the tree does not define the GitRepository, it is taken to be this one.
 */
export function isOwnSource(sourceRef: JsonObject | undefined, objectNamespace: string | undefined, sources: GitSources, own: OwnSource): boolean {
  const kind = stringAt(sourceRef, 'kind') ?? 'GitRepository';
  if (kind !== 'GitRepository') return false;
  const name = stringAt(sourceRef, 'name');
  if (name === undefined) return true;
  if (name === 'flux-system') return true;
  const namespace = stringAt(sourceRef, 'namespace') ?? objectNamespace;
  const ownUrls = new Set((own.urls ?? []).map(normaliseGitUrl));
  const defined = sources.has(key(namespace, name)) ? sources.get(key(namespace, name)) : sources.get(key(undefined, name));
  const known = sources.has(key(namespace, name)) || sources.has(key(undefined, name));
  // Without the repository's own URLs (or for a source this tree does not define) a GitRepository is taken to be this one, as before.
  if (!known || ownUrls.size === 0) return true;
  return defined !== undefined && ownUrls.has(normaliseGitUrl(defined));
}
