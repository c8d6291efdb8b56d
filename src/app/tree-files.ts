import { checkpoint, type GitHub, type RepoId } from './github.ts';

export interface TreeFiles {
  /** Path -> text, for the wanted paths that exist at the commit. */
  contents: Map<string, string>;
  notes: string[];
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
 * a note says the listing was incomplete.
 */
export async function readFilesAtCommit(github: GitHub, repo: RepoId, commitSha: string, wanted: WantedPaths, signal: AbortSignal, listings?: TreeListings): Promise<TreeFiles> {
  const result: TreeFiles = { contents: new Map(), notes: [] };
  if (typeof wanted !== 'function' && wanted.size === 0) return result;
  const isWanted = typeof wanted === 'function' ? wanted : (path: string): boolean => wanted.has(path);
  const tree = { data: await (listings ?? treeListings(github, repo)).get(commitSha) };
  checkpoint(signal);
  const blobs = new Map<string, { sha: string; size: number }>();
  for (const entry of tree.data.tree) {
    if (entry.type === 'blob' && entry.path && entry.sha && isWanted(entry.path)) blobs.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
  }
  const jobs: Array<() => Promise<void>> = [];
  for (const [path, blob] of blobs) {
    if (blob.size > MAX_BLOB_BYTES) {
      result.notes.push(`${path} is ${Math.round(blob.size / 1048576)} MB at ${commitSha.slice(0, 7)}; files over 10 MB are not checked.`);
      continue;
    }
    jobs.push(async () => {
      const response = await github.rest.git.getBlob({ ...repo, file_sha: blob.sha });
      result.contents.set(path, decodeBlob(response.data.content, response.data.encoding));
    });
  }
  if (tree.data.truncated) {
    if (typeof wanted === 'function') {
      result.notes.push(`GitHub truncated the file tree of ${commitSha.slice(0, 7)}; some files under the configured folders may not have been read.`);
    } else {
      for (const path of wanted) {
        if (blobs.has(path)) continue;
        jobs.push(async () => {
          const text = await readContent(github, repo, commitSha, path);
          if (text !== undefined) result.contents.set(path, text);
        });
      }
    }
  }
  await runLimited(jobs, CONCURRENCY, signal);
  return result;
}

/** A commit's recursive file listing, as git.getTree returns it. */
export interface TreeListing {
  tree: Array<{ path?: string; type?: string; sha?: string; size?: number }>;
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

function decodeBlob(content: string, encoding: string): string {
  return encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
}

/** One file through the contents API (at `ref`, or the default branch); undefined when it does not exist there. */
export async function readContent(github: GitHub, repo: RepoId, ref: string | undefined, path: string): Promise<string | undefined> {
  try {
    const response = await github.rest.repos.getContent({ ...repo, path, ...(ref === undefined ? {} : { ref }) });
    const data = response.data;
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return decodeBlob(data.content, data.encoding);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
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
