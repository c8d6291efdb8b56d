import { createVerify, type KeyObject } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as is instead of JSON (with its own content-type header). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** Replaced by the request's Host in Link headers. */
export const HOST_PLACEHOLDER = '__HOST__';

/** Why an app JWT (Authorization: Bearer …) is not valid, or undefined when it is. */
export function verifyAppJwt(auth: string, publicKey: KeyObject, appId: number): string | undefined {
  const jwt = /^bearer (.+)$/i.exec(auth)?.[1] ?? '';
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return 'A JSON web token could not be decoded';
  const valid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature, 'base64url'));
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; exp?: unknown };
  if (!valid || Number(claims.iss) !== appId) return 'JWT signature or issuer invalid';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return 'JWT expired';
  return undefined;
}

/** GitHub-style page/per_page with a Link header. */
export function paginate(url: URL, items: readonly unknown[], defaultPerPage: number): Reply {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? defaultPerPage));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number): string => {
    const u = new URL(url.toString());
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${url.protocol}//${HOST_PLACEHOLDER}${u.pathname}${u.search}>`;
  };
  const links: string[] = [];
  if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
  return { status: 200, body: slice, ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}) };
}
