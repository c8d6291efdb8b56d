import { gitBlobSha, type FakeRepo } from './fake-repo.ts';
import type { Json, Reply } from './fake-http.ts';

/** The git database, compare and contents endpoints of the fake GitHub. */

export function createTree(repo: FakeRepo, body: Json): Reply {
  const base = typeof body['base_tree'] === 'string' ? repo.trees.get(body['base_tree']) : [];
  if (!base) return { status: 422, body: { message: 'base_tree not found' } };
  const entries = new Map(base.map((e) => [e.path, e.sha]));
  for (const e of (body['tree'] as Array<{ path: string; sha: string }> | undefined) ?? []) {
    if (!repo.blobs.has(e.sha)) return { status: 422, body: { message: `blob ${e.sha} not found` } };
    entries.set(e.path, e.sha);
  }
  return { status: 201, body: { sha: repo.tree([...entries].map(([path, sha]) => ({ path, sha }))) } };
}

export function createCommit(repo: FakeRepo, body: Json): Reply {
  const tree = String(body['tree'] ?? '');
  const parents = (body['parents'] as string[] | undefined) ?? [];
  if (!repo.trees.has(tree) || parents.some((p) => !repo.commits.has(p))) return { status: 422, body: { message: 'tree or parent not found' } };
  return { status: 201, body: { sha: repo.commitTree(tree, String(body['message'] ?? ''), parents) } };
}

/** Whether `ancestor` is `sha` or one of its ancestors. */
function isAncestor(repo: FakeRepo, ancestor: string, sha: string): boolean {
  const queue = [sha];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return false;
}

/** Without force, only a fast-forward (the branch tip is an ancestor of the new commit) is accepted, as on GitHub. */
export function updateRef(repo: FakeRepo, branch: string, body: Json): Reply {
  const current = repo.refs.get(branch);
  const sha = String(body['sha'] ?? '');
  const commit = repo.commits.get(sha);
  if (!current || !commit) return { status: 422, body: { message: 'Reference does not exist' } };
  if (body['force'] !== true && !isAncestor(repo, current, sha)) return { status: 422, body: { message: 'Update is not a fast forward' } };
  repo.moveBranch(branch, sha);
  return { status: 200, body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } };
}

export function getCommit(repo: FakeRepo, sha: string): Reply {
  const commit = repo.commits.get(sha);
  if (!commit) return { status: 404, body: { message: 'Not Found' } };
  return { status: 200, body: { sha, tree: { sha: commit.tree }, parents: [] } };
}

/** A tree by its SHA, or a commit's tree by the commit's SHA (GitHub takes any tree-ish). */
export function getTree(repo: FakeRepo, sha: string, truncate: boolean): Reply {
  const entries = repo.trees.get(sha) ?? repo.trees.get(repo.commits.get(sha)?.tree ?? '');
  if (!entries) return { status: 404, body: { message: 'Not Found' } };
  const listed = truncate ? entries.slice(0, Math.floor(entries.length / 2)) : entries;
  return {
    status: 200,
    body: { sha, truncated: truncate, tree: listed.map((e) => ({ path: e.path, mode: e.mode ?? '100644', type: 'blob', sha: e.sha, size: e.size })) },
  };
}

export function getBlob(repo: FakeRepo, sha: string, accept = ''): Reply {
  const content = repo.blobBytes(sha);
  if (content === undefined) return { status: 404, body: { message: 'Not Found' } };
  if (accept.includes('.raw')) return { status: 200, raw: content, headers: { 'content-type': 'application/vnd.github.raw' } };
  return { status: 200, body: { sha, size: content.length, encoding: 'base64', content: content.toString('base64') } };
}

/** GitHub's contents API serves content inline only up to 1 MB; larger files come back with encoding "none". */
export const CONTENTS_INLINE_BYTES = 1024 * 1024;

/**
 * Contents at `ref` (default: the `main` branch); raw text when asked with the raw media
 * type. As on GitHub: a symbolic link is type "symlink" with its target, and a file over
 * 1 MB has empty content and encoding "none".
 */
export function getContent(repo: FakeRepo, path: string, ref: string, accept: string): Reply {
  const commit = ref || (repo.refs.get('main') ?? '');
  const content = repo.commits.get(commit)?.files.get(path);
  if (content === undefined) return { status: 404, body: { message: 'Not Found' } };
  const entry = repo.entryAt(commit, path);
  const bytes = (entry ? repo.blobBytes(entry.sha) : undefined) ?? Buffer.from(content);
  const sha = entry?.sha ?? gitBlobSha(content);
  if (entry?.mode === '120000') return { status: 200, body: { type: 'symlink', path, sha, size: bytes.length, target: content } };
  if (accept.includes('.raw')) return { status: 200, raw: content, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' } };
  if (bytes.length > CONTENTS_INLINE_BYTES) return { status: 200, body: { type: 'file', path, sha, size: bytes.length, encoding: 'none', content: '' } };
  return { status: 200, body: { type: 'file', path, sha, size: bytes.length, encoding: 'base64', content: bytes.toString('base64') } };
}

export function compare(repo: FakeRepo, base: string, head: string): Reply {
  if (!repo.commits.has(base) || !repo.commits.has(head)) return { status: 404, body: { message: 'Not Found' } };
  return { status: 200, body: { merge_base_commit: { sha: base }, base_commit: { sha: base }, status: 'ahead', commits: [], files: repo.diff(base, head).slice(0, 300) } };
}

/** How much of a blob's text GitHub's GraphQL `text` field returns. */
export const GRAPHQL_TEXT_BYTES = 512 * 1024;

/**
 * GitHub's GraphQL endpoint, for the one query shape the app sends: blobs looked up by
 * `fN: object(expression: $eN)` with "sha:path" expressions. A missing object is null.
 */
export function graphqlBlobs(repos: ReadonlyMap<string, FakeRepo>, body: Json): Reply {
  const query = String(body['query'] ?? '');
  const variables = (body['variables'] ?? {}) as Record<string, unknown>;
  const repo = repos.get(`${String(variables['owner'])}/${String(variables['name'])}`);
  if (!repo) return { status: 200, body: { data: { repository: null }, errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository' }] } };
  const repository: Record<string, unknown> = {};
  for (const m of query.matchAll(/(\w+): object\(expression: \$(\w+)\)/g)) {
    const expression = String(variables[m[2]!] ?? '');
    const colon = expression.indexOf(':');
    const entry = repo.entryAt(expression.slice(0, colon), expression.slice(colon + 1));
    const bytes = entry ? repo.blobBytes(entry.sha) : undefined;
    if (!entry || !bytes) {
      repository[m[1]!] = null;
      continue;
    }
    // As GitHub: NUL bytes make a blob binary (text null); text is cut at 512 KB (isTruncated).
    const isBinary = bytes.includes(0);
    const isTruncated = !isBinary && bytes.length > GRAPHQL_TEXT_BYTES;
    const text = isBinary ? null : bytes.subarray(0, GRAPHQL_TEXT_BYTES).toString('utf8');
    repository[m[1]!] = { text, isBinary, isTruncated, byteSize: bytes.length, oid: entry.sha };
  }
  return { status: 200, body: { data: { repository } } };
}
