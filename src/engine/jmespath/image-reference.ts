/**
 * Container image references the way Kyverno reads them (pkg/utils/image): the default
 * registry docker.io is added when the first path component is not a host, the tag
 * defaults to "latest" when there is neither tag nor digest. "nginx" is
 * {registry: docker.io, path: nginx, name: nginx, tag: latest}.
 */
export interface ImageInfo {
  registry: string;
  name: string;
  path: string;
  tag?: string;
  digest?: string;
  /** registry/path:tag, or registry/path@digest when there is a digest. */
  reference: string;
  /** registry/path:tag */
  referenceWithTag: string;
}

export const DEFAULT_REGISTRY = 'docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

function withDefaultRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash === -1) return `${DEFAULT_REGISTRY}/${image}`;
  const first = image.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
  return isHost ? image : `${DEFAULT_REGISTRY}/${image}`;
}

/** Parsed references by text (the same images recur across resources and policies); bounded. */
const PARSED = new Map<string, ImageInfo | string>();

/** Parse an image reference; a string error when it is not a valid one. */
export function parseImageReference(image: string): ImageInfo | string {
  let parsed = PARSED.get(image);
  if (parsed === undefined) {
    parsed = parseUncached(image);
    if (PARSED.size < 10_000) PARSED.set(image, parsed);
  }
  return typeof parsed === 'string' ? parsed : { ...parsed };
}

function parseUncached(image: string): ImageInfo | string {
  const full = withDefaultRegistry(image);
  let rest = full;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `bad image: ${full}: invalid digest`;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return `bad image: ${full}: invalid tag`;
  }
  const slash = rest.indexOf('/');
  const registry = rest.slice(0, slash);
  const path = rest.slice(slash + 1);
  if (!DOMAIN.test(registry)) return `bad image: ${full}: invalid registry`;
  if (path === '' || !path.split('/').every((c) => COMPONENT.test(c))) return `bad image: ${full}: invalid reference format`;
  if (tag === undefined && digest === undefined) tag = 'latest';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const base = `${registry}/${path}`;
  const info: ImageInfo = {
    registry, name, path,
    reference: digest !== undefined ? `${base}@${digest}` : `${base}:${tag ?? ''}`,
    referenceWithTag: `${base}:${tag ?? ''}`,
  };
  if (tag !== undefined) info.tag = tag;
  if (digest !== undefined) info.digest = digest;
  return info;
}
