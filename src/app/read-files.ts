import { checkpoint, Stopped, type GitHub, type RepoId } from './github.ts';
import { MAX_BLOB_BYTES, readFilesAtCommit, type TreeFiles, type TreeListings } from './tree-files.ts';

/** Files wanted at one commit. */
export interface WantedAtCommit {
  sha: string;
  paths: ReadonlySet<string>;
}

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
export async function readFilesAtCommits(github: GitHub, repo: RepoId, wanted: readonly WantedAtCommit[], signal: AbortSignal, listings?: TreeListings): Promise<TreeFiles[]> {
  const results: TreeFiles[] = wanted.map(() => ({ contents: new Map(), notes: [] }));
  const lookups = wanted.flatMap((w, index) => [...w.paths].sort().map((path) => ({ index, sha: w.sha, path })));
  if (lookups.length === 0) return results;
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
        if (!node || !result || node.oid === undefined) return;
        if (node.byteSize > MAX_BLOB_BYTES) {
          result.notes.push(`${l.path} is ${Math.round(node.byteSize / 1048576)} MB at ${l.sha.slice(0, 7)}; files over 10 MB are not checked.`);
        } else if (node.isBinary) {
          result.notes.push(`${l.path} is binary at ${l.sha.slice(0, 7)}; it was not checked.`);
        } else if (node.text !== null && !node.isTruncated) {
          result.contents.set(l.path, node.text);
        } else {
          fetches.push(
            github.rest.git.getBlob({ ...repo, file_sha: node.oid }).then((r) => {
              result.contents.set(l.path, Buffer.from(r.data.content, r.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8'));
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
    for (const w of wanted) fallback.push(await readFilesAtCommit(github, repo, w.sha, w.paths, signal, listings));
    return fallback;
  }
}
