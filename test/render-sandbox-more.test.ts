/**
 * Issue 13, the renderer sandbox (more): Helm's loader follows symbolic links, so a chart's
 * `.Files.Get` of a link (a file, or a file under a linked directory) would read whatever it
 * points to. Sentinel files sit outside the tree and in the tree's own .git (which is never
 * copied); no render output or error may contain their marker, and each link that leads out
 * of the copy is named. And materialising a repository writes its files to disk as they are
 * read: the reader, injected, sees how many file contents are out of GitHub and not yet on disk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHub } from '../src/app/github.ts';
import { materialiseCommits, type CommitToMaterialise } from '../src/app/materialise.ts';
import { FILES_PER_QUERY } from '../src/app/read-files.ts';
import type { TreeListing } from '../src/app/tree-files.ts';
import { renderRoot } from '../src/render/render-root.ts';
import type { RenderOptions, RenderResult } from '../src/render/types.ts';

const MARKER = 'SENTINEL-7f3a-outside-the-tree';
const chart = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';

let sandbox: string;
let outside: string;
/** A helm stand-in that records that it ran: links out of the tree are refused before helm runs. */
let fakeHelm: string;
let helmRan: string;

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'preadmit-sandbox-more-'));
  outside = join(sandbox, 'outside');
  await mkdir(join(outside, 'dir'), { recursive: true });
  await writeFile(join(outside, 'leak.txt'), `${MARKER} file\n`);
  await writeFile(join(outside, 'dir', 'secret.txt'), `${MARKER} directory\n`);
  helmRan = join(sandbox, 'helm-ran');
  fakeHelm = join(sandbox, 'fake-helm');
  await writeFile(fakeHelm, `#!/bin/sh\necho "$@" >> '${helmRan}'\nexit 1\n`, { mode: 0o755 });
});

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

/** A repository tree with `files` (text, or `{ link }` for a symbolic link; `{ tree }` in a link is the tree's own path), rendered at `root`. */
async function render(name: string, files: Record<string, string | { link: string }>, root: { path: string; renderer: 'kustomize' | 'helm' }, options: RenderOptions = {}): Promise<{ result: RenderResult; tree: string }> {
  const tree = join(sandbox, 'repos', name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree, path, '..'), { recursive: true });
    if (typeof content === 'string') await writeFile(join(tree, path), content);
    else await symlink(content.link.replace('{tree}', tree), join(tree, path));
  }
  return { result: await renderRoot(root, tree, options), tree };
}

/** The render's error (it must be one), which never carries the sentinel. */
function errorOf(result: RenderResult): string {
  if (!('error' in result)) throw new Error(`rendered ${JSON.stringify(result.resources.map((r) => r.object))}; expected an error`);
  expect(result.error).not.toContain(MARKER);
  return result.error;
}

const configMap = (data: Record<string, string>): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n${Object.entries(data).map(([key, expression]) => `  ${key}: {{ ${expression} | quote }}\n`).join('')}`;

describe('helm .Files.Get never reads through a link out of the tree', () => {
  it('a link to a file outside the tree (relative or absolute) is refused before helm runs, and named', async () => {
    const { result } = await render(
      'files-get-file',
      {
        'web/Chart.yaml': chart,
        'web/templates/cm.yaml': configMap({ relative: '.Files.Get "leak.txt"', absolute: '.Files.Get "abs.txt"', glob: '(.Files.Glob "*.txt").AsConfig' }),
        'web/leak.txt': { link: '../../../outside/leak.txt' },
        'web/abs.txt': { link: join(sandbox, 'outside', 'leak.txt') },
      },
      { path: 'web', renderer: 'helm' },
      { tools: { helmPath: fakeHelm } },
    );
    const error = errorOf(result);
    expect(error).toContain('web/leak.txt: is a symbolic link that leads out of the tree helm renders');
    expect(error).toContain('web/abs.txt: is a symbolic link that leads out of the tree helm renders');
    expect(error).toContain('so web was not rendered');
    expect(existsSync(helmRan)).toBe(false);
  });

  it('a linked directory inside the chart that points outside is refused, and named; with the real helm too', async () => {
    const files = {
      'web/Chart.yaml': chart,
      'web/templates/cm.yaml': configMap({ get: '.Files.Get "linked/secret.txt"', glob: '(.Files.Glob "linked/*").AsConfig' }),
      'web/linked': { link: join(outside, 'dir') },
    };
    const { result } = await render('files-get-dir', files, { path: 'web', renderer: 'helm' }, { tools: { helmPath: fakeHelm } });
    expect(errorOf(result)).toMatch(/^web\/linked: is a symbolic link that leads out of the tree helm renders .*so web was not rendered$/);
    expect(existsSync(helmRan)).toBe(false);
    // The bundled helm: the same refusal, nothing of the directory in it.
    const real = await render('files-get-dir-real', files, { path: 'web', renderer: 'helm' });
    expect(errorOf(real.result)).toMatch(/^web\/linked: is a symbolic link that leads out of the tree helm renders/);
  });

  it("a link into the tree's own .git or elsewhere in the tree by absolute path (never copied as such) is not followed out of the copy", async () => {
    // The copy leaves .git out, but an absolute link copied as written points back into the caller's tree.
    const tree = {
      '.git/config': `[remote "origin"]\n  url = https://x-access-token:${MARKER}@github.com/acme/gitops\n`,
      'shared/settings.txt': `${MARKER} shared\n`,
      'web/Chart.yaml': chart,
      'web/templates/cm.yaml': configMap({ git: '.Files.Get "git.txt"', shared: '.Files.Get "shared.txt"', sharedDir: '.Files.Get "shared-dir/settings.txt"' }),
      'web/git.txt': { link: '{tree}/.git/config' },
      'web/shared.txt': { link: '{tree}/shared/settings.txt' },
      'web/shared-dir': { link: '{tree}/shared' },
    };
    const absolute = errorOf((await render('files-get-git', tree, { path: 'web', renderer: 'helm' })).result);
    expect(absolute).toContain('web/git.txt: is a symbolic link that leads out of the tree helm renders');
    expect(absolute).toContain('web/shared.txt: is a symbolic link that leads out of the tree helm renders');
    expect(absolute).toContain('web/shared-dir: is a symbolic link that leads out of the tree helm renders');
    // A relative link into .git leads to nothing in the copy: named the same way.
    const relative = { ...tree, 'web/templates/cm.yaml': configMap({ git: '.Files.Get "git.txt"' }), 'web/git.txt': { link: '../.git/config' } };
    for (const link of ['web/shared.txt', 'web/shared-dir']) delete (relative as Record<string, unknown>)[link];
    expect(errorOf((await render('files-get-git-relative', relative, { path: 'web', renderer: 'helm' })).result)).toMatch(/^web\/git\.txt: is a symbolic link that leads out of the tree helm renders/);
  });

  it('a kustomization resource linked (absolute path) into the tree\'s own .git is never read', async () => {
    const { result } = await render(
      'kustomize-git',
      {
        '.git/leak.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  token: ${MARKER}\n`,
        'app/kustomization.yaml': 'resources:\n  - leak.yaml\n',
        'app/leak.yaml': { link: '{tree}/.git/leak.yaml' },
      },
      { path: 'app', renderer: 'kustomize' },
    );
    expect(errorOf(result)).toBe('app/kustomization.yaml:2:5: "leak.yaml" leads out of the repository through a symbolic link and is never rendered; only files of the repository are');
  });

  it('a link that stays inside the chart is still followed (the chart renders)', async () => {
    const { result } = await render(
      'files-get-inside',
      {
        'web/Chart.yaml': chart,
        'web/templates/cm.yaml': configMap({ alias: '.Files.Get "alias.txt"', nested: '.Files.Get "files-link/data.txt"' }),
        'web/files/data.txt': 'inside the chart\n',
        'web/alias.txt': { link: 'files/data.txt' },
        'web/files-link': { link: 'files' },
      },
      { path: 'web', renderer: 'helm' },
    );
    if ('error' in result) throw new Error(result.error);
    expect(result.resources.map((r) => r.object['data'])).toEqual([{ alias: 'inside the chart\n', nested: 'inside the chart\n' }]);
  });
});

describe('materialising a repository writes files to disk as they are read, bounded', () => {
  const repo = { owner: 'acme', repo: 'gitops' };
  const text = (sha: string, path: string): string => `# ${sha} ${path}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n`;

  /** Two commits of `count` files each; a fake GitHub serving them (GraphQL, or git trees and blobs when `graphql` is false). */
  async function setUp(name: string, count: number, graphql: boolean) {
    const shas = ['a'.repeat(40), 'b'.repeat(40)];
    const dirs = await Promise.all(shas.map(async (_, i) => {
      const dir = join(sandbox, 'materialise', name, String(i));
      await mkdir(dir, { recursive: true });
      return dir;
    }));
    const blobs = new Map<string, string>();
    const listings = new Map<string, TreeListing>();
    for (const sha of shas) {
      const tree: TreeListing['tree'] = [];
      for (let i = 0; i < count; i++) {
        const path = `apps/d${i % 7}/f${String(i).padStart(4, '0')}.yaml`;
        const blobSha = `${sha.slice(0, 1)}${String(i).padStart(39, '0')}`;
        blobs.set(blobSha, text(sha, path));
        tree.push({ path, type: 'blob', mode: '100644', sha: blobSha, size: Buffer.byteLength(text(sha, path)) });
      }
      listings.set(sha, { tree, truncated: false });
    }
    const seen = { served: 0, maxHeld: 0, queries: 0, maxPerQuery: 0, blobRequests: 0 };
    /** File contents handed out and not on disk yet: held in memory by the materialiser. */
    const held = (): number => seen.served - dirs.reduce((n, dir) => n + readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length, 0);
    const observe = (): void => {
      seen.maxHeld = Math.max(seen.maxHeld, held());
    };
    const github = {
      graphql: async (_query: string, variables: Record<string, string>) => {
        observe();
        seen.queries++;
        if (!graphql) throw Object.assign(new Error('GraphQL is not available'), { status: 403 });
        const expressions = Object.entries(variables).filter(([key]) => /^e\d+$/.test(key));
        seen.maxPerQuery = Math.max(seen.maxPerQuery, expressions.length);
        const repository: Record<string, object> = {};
        for (const [key, expression] of expressions) {
          const [sha, path] = [expression.slice(0, 40), expression.slice(41)];
          const body = text(sha, path);
          repository[key.replace('e', 'f')] = { text: body, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(body), oid: `oid-${key}` };
          seen.served++;
        }
        return { repository };
      },
      request: async (route: string, params: { file_sha: string }) => {
        if (!route.startsWith('GET /repos/{owner}/{repo}/git/blobs/')) throw new Error(`unexpected request ${route}`);
        observe();
        seen.blobRequests++;
        const body = blobs.get(params.file_sha);
        if (body === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
        await new Promise((resolve) => setImmediate(resolve));
        seen.served++;
        return { data: body };
      },
      rest: {
        git: {
          getTree: async ({ tree_sha }: { tree_sha: string }) => ({ data: listings.get(tree_sha) }),
        },
      },
    } as unknown as GitHub;
    const commits: CommitToMaterialise[] = shas.map((sha, i) => ({ sha, listing: listings.get(sha)!, dir: dirs[i]! }));
    return { github, commits, seen, listings };
  }

  function expectWritten(commits: readonly CommitToMaterialise[], listings: Map<string, TreeListing>): void {
    for (const { sha, dir } of commits) {
      for (const entry of listings.get(sha)!.tree) expect(readFileSync(join(dir, entry.path!), 'utf8')).toBe(text(sha, entry.path!));
    }
  }

  it('through GraphQL: at most one query of files is held; each is on disk before the next query', async () => {
    const { github, commits, seen, listings } = await setUp('graphql', 260, true);
    const written = await materialiseCommits(github, repo, commits, new AbortController().signal);
    expect(written).toEqual({ ok: true, commits: [{ files: 260, leftOut: [] }, { files: 260, leftOut: [] }] });
    expectWritten(commits, listings);
    expect(seen.queries).toBe(Math.ceil(520 / FILES_PER_QUERY));
    expect(seen.maxPerQuery).toBe(FILES_PER_QUERY);
    // When a query is sent, every file of the previous ones is on disk.
    expect(seen.maxHeld).toBe(0);
  });

  it('without GraphQL (git trees and blobs): each blob is written as it arrives, never the whole tree held', async () => {
    const { github, commits, seen, listings } = await setUp('blobs', 200, false);
    const written = await materialiseCommits(github, repo, commits, new AbortController().signal);
    expect(written).toEqual({ ok: true, commits: [{ files: 200, leftOut: [] }, { files: 200, leftOut: [] }] });
    expectWritten(commits, listings);
    expect(seen.blobRequests).toBe(400);
    // Blobs are read 8 at a time (tree-files.ts): no more than that is ever out of GitHub and not on disk.
    expect(seen.maxHeld).toBeLessThanOrEqual(8);
  });
});
