import { decodeText } from './decode-text.ts';
import { checkpoint, type GitHub, type RepoId } from './github.ts';
import type { Unchecked } from './unchecked.ts';

export interface TreeFiles {
  /** Path -> text, for the wanted paths that exist at the commit. */
  contents: Map<string, string>;
  notes: string[];
  /** Wanted files that exist but could not be read whole as text (too large, binary, a link…). */
  unchecked: Unchecked[];
}

/** Git's mode of a symbolic link: its blob holds the link's target, not the file. */
export const SYMLINK_MODE = '120000';

/** Why a listed entry cannot be read as a file, or undefined when it can. */
export function unreadableEntry(entry: { mode?: string; type?: string; size?: number }, sha: string): string | undefined {
  if (entry.mode === SYMLINK_MODE) return `is a symbolic link at ${sha.slice(0, 7)}; kubectl would apply the file it points to, but preadmit never follows links: commit the manifest itself instead of a link`;
  if (entry.type === 'commit') return `is a git submodule at ${sha.slice(0, 7)}; its content is not checked`;
  if ((entry.size ?? 0) > MAX_BLOB_BYTES) return tooLarge(entry.size ?? 0, sha);
  return undefined;
}

export function tooLarge(bytes: number, sha: string): string {
  return `is ${(bytes / 1048576).toFixed(1)} MB at ${sha.slice(0, 7)}; files over ${MAX_BLOB_BYTES / 1048576} MB are not read: split it into smaller manifests`;
}

/**
 * A blob's exact bytes (the raw media type: no base64, no JSON to parse — a 9 MB manifest
 * is 12 MB of JSON otherwise), decoded as a manifest; `size` is what the listing said.
 */
export async function readBlob(github: GitHub, repo: RepoId, sha: string, size: number | undefined, at: string): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const response = await github.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
    ...repo,
    file_sha: sha,
    headers: { accept: 'application/vnd.github.raw' },
    request: { parseSuccessResponseBody: false },
  });
  const body: unknown = response.data;
  let bytes: Buffer;
  if (body instanceof ReadableStream) bytes = Buffer.from(await new Response(body).arrayBuffer());
  else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
  else if (body instanceof ArrayBuffer) bytes = Buffer.from(body);
  else {
    const data = blobData(body);
    return blobText(data.content, data.encoding, data.size ?? size, at);
  }
  return blobText(bytes.toString('base64'), 'base64', size, at);
}

/**
 * A git blob answer as an object. Octokit's JSON parser (json-with-bigint) gives up on large
 * bodies (a 9 MB blob is 12 MB of JSON) and hands back the text: parse it here instead.
 */
export function blobData(data: unknown): { content: string; encoding: string; size?: number } {
  const value: unknown = typeof data === 'string' ? safeParse(data) : data;
  if (typeof value !== 'object' || value === null) return { content: '', encoding: 'unreadable' };
  const { content, encoding, size } = value as { content?: unknown; encoding?: unknown; size?: unknown };
  return { content: typeof content === 'string' ? content : '', encoding: typeof encoding === 'string' ? encoding : 'unreadable', ...(typeof size === 'number' ? { size } : {}) };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Bytes of a git blob (GitHub serves them base64) decoded as a manifest, or why not. */
export function blobText(content: string, encoding: string, size: number | undefined, sha: string): { ok: true; text: string } | { ok: false; reason: string } {
  if (encoding !== 'base64' && encoding !== 'utf-8' && encoding !== 'utf8') return { ok: false, reason: `was not served whole by GitHub at ${sha.slice(0, 7)} (encoding "${encoding}")` };
  const bytes = encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
  if (size !== undefined && bytes.length !== size) return { ok: false, reason: `was read incompletely at ${sha.slice(0, 7)} (${bytes.length} of ${size} bytes)` };
  const decoded = decodeText(bytes);
  return decoded.ok ? decoded : { ok: false, reason: `${decoded.reason} at ${sha.slice(0, 7)}; kubectl cannot apply it as a manifest, and preadmit cannot check it` };
}

/** Files over this size are not read (GitHub serves blobs up to 100 MB; manifests are small). */
export const MAX_BLOB_BYTES = 10 * 1024 * 1024;
const CONCURRENCY = 8;

/** Exact paths, or a test on paths (for folders: only what the tree lists can be found). */
export type WantedPaths = ReadonlySet<string> | ((path: string) => boolean);

/**
 * Read the wanted paths at exactly `commitSha` through the git database API
 * (commit -> recursive tree -> blobs). When GitHub truncates the recursive tree, exact
 * paths missing from it are read with the contents API at the same SHA; for a path test,
 * a note says the listing was incomplete. With `sink`, each file goes to it as it is read
 * (before the next blob is asked for) instead of into `contents`: memory holds a few files, not the tree.
 */
export async function readFilesAtCommit(github: GitHub, repo: RepoId, commitSha: string, wanted: WantedPaths, signal: AbortSignal, listings?: TreeListings, sink?: (path: string, text: string) => Promise<void>): Promise<TreeFiles> {
  const result: TreeFiles = { contents: new Map(), notes: [], unchecked: [] };
  const keep = async (path: string, text: string): Promise<void> => {
    if (sink) await sink(path, text);
    else result.contents.set(path, text);
  };
  if (typeof wanted !== 'function' && wanted.size === 0) return result;
  const isWanted = typeof wanted === 'function' ? wanted : (path: string): boolean => wanted.has(path);
  const tree = { data: await (listings ?? treeListings(github, repo)).get(commitSha) };
  checkpoint(signal);
  const blobs = new Map<string, { sha: string; size: number }>();
  const jobs: Array<() => Promise<void>> = [];
  for (const entry of tree.data.tree) {
    if (!entry.path || !isWanted(entry.path) || (entry.type !== 'blob' && entry.type !== 'commit')) continue;
    const unreadable = unreadableEntry(entry, commitSha);
    if (unreadable !== undefined) {
      blobs.set(entry.path, { sha: entry.sha ?? '', size: entry.size ?? 0 });
      result.unchecked.push({ path: entry.path, reason: unreadable });
      continue;
    }
    if (entry.type !== 'blob' || !entry.sha) continue;
    const blob = { sha: entry.sha, size: entry.size ?? 0 };
    blobs.set(entry.path, blob);
    const path = entry.path;
    jobs.push(async () => {
      const read = await readBlob(github, repo, blob.sha, blob.size, commitSha);
      if (read.ok) await keep(path, read.text);
      else result.unchecked.push({ path, reason: read.reason });
    });
  }
  if (tree.data.truncated) {
    if (typeof wanted === 'function') {
      result.notes.push(`GitHub truncated the file tree of ${commitSha.slice(0, 7)}; some files under the configured folders may not have been read.`);
    } else {
      for (const path of wanted) {
        if (blobs.has(path)) continue;
        jobs.push(async () => {
          const read = await readContentChecked(github, repo, commitSha, path);
          if (read === undefined) return;
          if (read.ok) await keep(path, read.text);
          else result.unchecked.push({ path, reason: read.reason });
        });
      }
    }
  }
  await runLimited(jobs, CONCURRENCY, signal);
  return result;
}

/** A commit's recursive file listing, as git.getTree returns it. */
export interface TreeListing {
  tree: Array<{ path?: string; type?: string; sha?: string; size?: number; mode?: string }>;
  truncated: boolean;
}

/** Recursive listings of commits, each read once (one request: the tree of a commit SHA). */
export interface TreeListings {
  get: (commitSha: string) => Promise<TreeListing>;
}

export function treeListings(github: GitHub, repo: RepoId): TreeListings {
  const cache = new Map<string, Promise<TreeListing>>();
  return {
    get(commitSha) {
      let listing = cache.get(commitSha);
      if (!listing) {
        // GitHub takes any tree-ish here: a commit SHA lists that commit's tree.
        listing = github.rest.git.getTree({ ...repo, tree_sha: commitSha, recursive: 'true' }).then((r) => ({ tree: r.data.tree, truncated: r.data.truncated }));
        cache.set(commitSha, listing);
      }
      return listing;
    },
  };
}

/**
 * One file through the contents API (at `ref`, or the default branch), read whole: files
 * over 1 MB come back without content (encoding "none") and are then read as a git blob.
 * Undefined when it does not exist there; a symbolic link, a directory or unreadable bytes
 * give the reason.
 */
export async function readContentChecked(github: GitHub, repo: RepoId, ref: string | undefined, path: string): Promise<{ ok: true; text: string } | { ok: false; reason: string } | undefined> {
  const at = ref ?? 'the default branch';
  try {
    const response = await github.rest.repos.getContent({ ...repo, path, ...(ref === undefined ? {} : { ref }) });
    const data = response.data;
    if (Array.isArray(data)) return { ok: false, reason: `is a directory at ${at.slice(0, 7)}` };
    if (data.type === 'symlink') return { ok: false, reason: unreadableEntry({ mode: SYMLINK_MODE }, at) ?? 'is a symbolic link' };
    if (data.type !== 'file' || !('content' in data)) return { ok: false, reason: `is a ${data.type} at ${at.slice(0, 7)}, not a file` };
    if (data.size > MAX_BLOB_BYTES) return { ok: false, reason: tooLarge(data.size, at) };
    if (data.encoding === 'none' || (data.content === '' && data.size > 0)) {
      return await readBlob(github, repo, data.sha, data.size, at);
    }
    return blobText(data.content, data.encoding, data.size, at);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** One file's text through the contents API; undefined when it does not exist (or cannot be read as text). */
export async function readContent(github: GitHub, repo: RepoId, ref: string | undefined, path: string): Promise<string | undefined> {
  const read = await readContentChecked(github, repo, ref, path);
  return read?.ok ? read.text : undefined;
}

async function runLimited(jobs: ReadonlyArray<() => Promise<void>>, limit: number, signal: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      checkpoint(signal);
      const job = jobs[next++];
      if (job) await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
