import { checkpoint, Stopped, type GitHub, type RepoId } from './github.ts';
import { readBlob, MAX_BLOB_BYTES, readFilesAtCommit, tooLarge, unreadableEntry, type TreeFiles, type TreeListings } from './tree-files.ts';

/** Files wanted at one commit. */
export interface WantedAtCommit {
  sha: string;
  paths: ReadonlySet<string>;
}

/** Receives each file read (commit index, path, text) instead of the result keeping it: memory stays bounded. */
export type FileSink = (index: number, path: string, text: string) => Promise<void>;

/** Blobs looked up per GraphQL query (each is one `object(expression:)` field). */
export const FILES_PER_QUERY = 100;

interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
  oid: string;
}

/** The GraphQL query that reads `count` files by "sha:path" expressions, one alias each. */
export function blobsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated byteSize oid } }`).join('\n    ');
  return `query($owner: String!, $name: String!, ${vars}) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
}

/**
 * Read exact paths at several commits with as few requests as possible: one GraphQL query
 * per 100 files (`object(expression: "sha:path")`), whatever the commits; blobs GraphQL
 * does not return whole (truncated) are read through the git blobs API. When GraphQL is
 * not available, falls back to git trees and blobs (readFilesAtCommit). One result per
 * entry of `wanted`, in order.
 */
export async function readFilesAtCommits(github: GitHub, repo: RepoId, wanted: readonly WantedAtCommit[], signal: AbortSignal, listings?: TreeListings, sink?: FileSink): Promise<TreeFiles[]> {
  const results: TreeFiles[] = wanted.map(() => ({ contents: new Map(), notes: [], unchecked: [] }));
  // Links and submodules: GraphQL serves a link as a blob holding its target (one line, a path)
  // and a submodule as no blob. A one-line text, or no blob, is checked against the commit's
  // listing (read only then), so an ordinary change costs no listing request.
  const listed = async (index: number, sha: string, path: string): Promise<boolean> => {
    const listing = listings ? await listings.get(sha) : undefined;
    const entry = listing?.tree.find((e) => e.path === path);
    const reason = entry ? unreadableEntry(entry, sha) : undefined;
    if (reason !== undefined) results[index]?.unchecked.push({ path, reason });
    return reason !== undefined;
  };
  const lookups = wanted.flatMap((w, index) => [...w.paths].sort().map((path) => ({ index, sha: w.sha, path })));
  if (lookups.length === 0) return results;
  const keep = async (index: number, path: string, text: string): Promise<void> => {
    if (sink) await sink(index, path, text);
    else results[index]?.contents.set(path, text);
  };
  try {
    for (let at = 0; at < lookups.length; at += FILES_PER_QUERY) {
      checkpoint(signal);
      const chunk = lookups.slice(at, at + FILES_PER_QUERY);
      const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
      chunk.forEach((l, i) => (variables[`e${i}`] = `${l.sha}:${l.path}`));
      const data = await github.graphql<{ repository: Record<string, BlobNode | null> | null }>(blobsQuery(chunk.length), variables);
      const fetches: Array<Promise<void>> = [];
      chunk.forEach((l, i) => {
        const node = data.repository?.[`f${i}`];
        const result = results[l.index];
        if (!node || !result) return;
        if (node.oid === undefined) {
          // something at the path, but not a file (a submodule): say what it is
          fetches.push(
            listed(l.index, l.sha, l.path).then((said) => {
              if (!said) result.unchecked.push({ path: l.path, reason: `is not a file at ${l.sha.slice(0, 7)} (a submodule or a directory); its content is not checked` });
            }),
          );
        } else if (node.byteSize > MAX_BLOB_BYTES) {
          result.unchecked.push({ path: l.path, reason: tooLarge(node.byteSize, l.sha) });
        } else if (node.text !== null && !node.isBinary && !node.isTruncated && Buffer.byteLength(node.text) === node.byteSize && !node.text.includes('\u0000')) {
          const text = node.text.replace(/^\uFEFF/, '');
          if (text.trim().includes('\n')) fetches.push(keep(l.index, l.path, text));
          else fetches.push(listed(l.index, l.sha, l.path).then(async (link) => (link ? undefined : keep(l.index, l.path, text))));
        } else {
          // Binary to GitHub (UTF-16 is), truncated, or not the whole blob: read its bytes and decode them as kubectl would.
          fetches.push(
            readBlob(github, repo, node.oid, node.byteSize, l.sha).then(async (read) => {
              if (read.ok) await keep(l.index, l.path, read.text);
              else result.unchecked.push({ path: l.path, reason: read.reason });
            }),
          );
        }
      });
      await Promise.all(fetches);
    }
    return results;
  } catch (error) {
    if (error instanceof Stopped) throw error;
    const status = (error as { status?: number }).status;
    // Server errors are the check's errors (already retried); otherwise GraphQL is unavailable or refused.
    if (typeof status === 'number' && status >= 500) throw error;
    // Trees and blobs, commit by commit.
    const fallback: TreeFiles[] = [];
    for (const [index, w] of wanted.entries()) {
      // Each file written as it arrives (with a sink): never a whole tree in memory.
      fallback.push(await readFilesAtCommit(github, repo, w.sha, w.paths, signal, listings, sink ? (path, text) => sink(index, path, text) : undefined));
    }
    return fallback;
  }
}
