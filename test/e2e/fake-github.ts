import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compare, createCommit, createTree, getBlob, getCommit, getContent, getTree, graphqlBlobs, updateRef } from './fake-git.ts';
import { HOST_PLACEHOLDER, paginate, verifyAppJwt, type Json, type Reply } from './fake-http.ts';
import { commentableLines, FakeRepo, type FakeAnnotation, type FakeCheckRun, type FakeReviewComment } from './fake-repo.ts';

/** A response the fake returns instead of the real one, `times` times. */
export interface Fault {
  method?: string;
  /** Matched against the path without /api/v3 and query. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
  /** Carry the request out, then drop the connection without an answer (a lost response). */
  lose?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

type Route = (m: RegExpMatchArray, req: { method: string; url: URL; body: Json; repo: FakeRepo | undefined; accept: string }) => Reply;

const MAX_OUTPUT = 65_535;

/**
 * A stateful local GitHub REST API over real HTTP (node:http), for the e2e suite: the app
 * installation token, checks, pulls, git trees/blobs/commits, compare, contents, reviews.
 * It enforces GitHub's limits that shape the app (50 annotations a request, 65,535-character
 * output, review comments inside diff hunks) and can inject faults (5xx, rate limits).
 */
export class FakeGitHub {
  readonly repos = new Map<string, FakeRepo>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  readonly #appId: number;
  readonly #publicKey: KeyObject;
  readonly #tokens = new Set<string>();
  #server: Server | undefined;
  #nextId = 1000;
  /** Serve truncated recursive trees (listing only half of the entries). */
  truncateTrees = false;
  /** Answer GraphQL (as github.com does); false plays a server without it. */
  graphql = true;
  /** Installations GET /app/installations lists (besides those that asked for a token). */
  readonly installations = new Set<number>();
  readonly #holds: Array<{ method: string; path: RegExp; arrived: () => void; released: Promise<void> }> = [];

  /**
   * Hold the next matching request until `release()` is called; `arrived` resolves when it
   * reaches the fake. Lets a test act while the app is mid-run, without timing.
   */
  hold(method: string, path: RegExp): { arrived: Promise<void>; release: () => void } {
    let arrived = (): void => {};
    let release = (): void => {};
    const arrivedPromise = new Promise<void>((r) => (arrived = r));
    const released = new Promise<void>((r) => (release = r));
    this.#holds.push({ method, path, arrived, released });
    return { arrived: arrivedPromise, release };
  }

  constructor(appId: number, privateKeyPem: string) {
    this.#appId = appId;
    this.#publicKey = createPublicKey(privateKeyPem);
  }

  repo(owner: string, name: string): FakeRepo {
    const key = `${owner}/${name}`;
    let repo = this.repos.get(key);
    if (!repo) this.repos.set(key, (repo = new FakeRepo(owner, name)));
    return repo;
  }

  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  /** host:port once started. */
  host = '';

  async start(port = 0): Promise<{ host: string; url: string }> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(port, '127.0.0.1', resolve));
    const address = this.#server.address() as AddressInfo;
    this.host = `127.0.0.1:${address.port}`;
    return { host: this.host, url: `http://${this.host}` };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const holdAt = this.#holds.findIndex((h) => h.method === method && h.path.test(path));
    if (holdAt >= 0) {
      const [held] = this.#holds.splice(holdAt, 1);
      held?.arrived();
      await held?.released;
    }
    let reply: Reply;
    const lost = this.faults.find((f) => f.lose === true && f.times > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (lost) lost.times--;
    try {
      reply = this.#route(method, path, url, chunks, req);
    } catch (error) {
      reply = { status: 500, body: { message: `fake GitHub bug: ${(error as Error).message}` } };
    }
    this.requests.push({ method, path, status: lost ? 0 : reply.status });
    if (lost) {
      res.destroy();
      return;
    }
    if (reply.headers?.['link']) reply.headers['link'] = reply.headers['link'].replaceAll(HOST_PLACEHOLDER, req.headers.host ?? 'localhost');
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...reply.headers });
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  }

  #route(method: string, path: string, url: URL, chunks: Buffer[], req: IncomingMessage): Reply {
    const fault = this.faults.find((f) => f.lose !== true && f.times > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (fault) {
      fault.times--;
      const reply: Reply = { status: fault.status, body: fault.body ?? { message: `injected ${fault.status}` } };
      if (fault.headers) reply.headers = fault.headers;
      return reply;
    }
    const auth = req.headers.authorization ?? '';
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json) : {};
    const tokenRoute = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (method === 'POST' && tokenRoute) {
      const reply = this.#issueToken(auth);
      if (reply.status === 201) this.installations.add(Number(tokenRoute[1]));
      return reply;
    }
    if (method === 'GET' && path === '/app/installations') {
      const problem = verifyAppJwt(auth, this.#publicKey, this.#appId);
      if (problem) return { status: 401, body: { message: problem } };
      return paginate(url, [...this.installations].map((id) => ({ id, app_id: this.#appId, account: { login: 'acme' } })), 30);
    }
    const token = /^(?:token|bearer) (ghs_\w+)$/i.exec(auth)?.[1];
    if (!token || !this.#tokens.has(token)) return { status: 401, body: { message: 'Bad credentials' } };
    if (method === 'GET' && path === '/installation/repositories') {
      const repositories = [...this.repos.values()].map((r) => ({ id: 1, name: r.name, full_name: r.fullName, owner: { login: r.owner }, html_url: `https://github.com/${r.fullName}`, private: false }));
      const page = paginate(url, repositories, 30);
      const items = page.body as unknown[];
      return { ...page, body: { total_count: repositories.length, repositories: items } };
    }
    if (method === 'POST' && path === '/api/graphql') return this.graphql ? graphqlBlobs(this.repos, body) : { status: 404, body: { message: 'Not Found' } };
    for (const [routeMethod, pattern, handler] of this.#routes) {
      if (routeMethod !== method) continue;
      const m = pattern.exec(path);
      if (!m) continue;
      const repo = m[1] && m[2] ? this.repos.get(`${m[1]}/${m[2]}`) : undefined;
      if (!repo) return { status: 404, body: { message: 'Not Found' } };
      return handler(m, { method, url, body, repo, accept: String(req.headers.accept ?? '') });
    }
    return { status: 404, body: { message: `fake GitHub has no route ${method} ${path}` } };
  }

  /** Verify the app's JWT (RS256, iss = app id) and hand out an installation token. */
  #issueToken(auth: string): Reply {
    const problem = verifyAppJwt(auth, this.#publicKey, this.#appId);
    if (problem) return { status: 401, body: { message: problem } };
    const token = `ghs_${randomBytes(12).toString('hex')}`;
    this.#tokens.add(token);
    return {
      status: 201,
      body: { token, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { checks: 'write', pull_requests: 'write', contents: 'write', metadata: 'read' }, repository_selection: 'all' },
    };
  }

  #id(): number {
    return this.#nextId++;
  }

  readonly #routes: Array<[string, RegExp, Route]> = [
    ['GET', /^\/repos\/([^/]+)\/([^/]+)$/, (m, { repo }) => ({ status: 200, body: { name: m[2], full_name: `${m[1]}/${m[2]}`, default_branch: repo!.refs.has('main') ? 'main' : ([...repo!.refs.keys()][0] ?? 'main') } })],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/(.+)$/, (m, { repo }) => {
      const branch = decodeURIComponent(m[3]!).replace(/^heads\//, '');
      const sha = repo!.refs.get(branch);
      return sha ? { status: 200, body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } } : { status: 404, body: { message: 'Not Found' } };
    }],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/, (m, { repo }) => this.#getPull(repo!, Number(m[3]))],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/, (m, { repo }) => {
      const permission = repo!.collaborators.get(decodeURIComponent(m[3]!)) ?? 'none';
      return { status: 200, body: { permission, role_name: permission, user: { login: decodeURIComponent(m[3]!) } } };
    }],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls$/, (_m, { repo, url }) => paginate(url, [...repo!.pulls.keys()].map((n) => this.#getPull(repo!, n).body).filter((p) => (p as { state: string }).state === (url.searchParams.get('state') ?? 'open') || url.searchParams.get('state') === 'all'), 30)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/, (m, { repo, url }) => paginate(url, repo!.pullFiles(Number(m[3])).slice(0, 3000), 30)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/, (m, { repo }) => compare(repo!, m[3]!, m[4]!)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/commits\/([0-9a-f]+)$/, (m, { repo }) => getCommit(repo!, m[3]!)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([0-9a-f]+)$/, (m, { repo }) => getTree(repo!, m[3]!, this.truncateTrees)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]+)$/, (m, { repo, accept }) => getBlob(repo!, m[3]!, accept)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, (m, { repo, url, accept }) => getContent(repo!, decodeURIComponent(m[3]!), url.searchParams.get('ref') ?? '', accept)],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs$/, (_m, { repo, body }) => ({ status: 201, body: { sha: repo!.blob(String(body['content'] ?? '')) } })],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/git\/trees$/, (_m, { repo, body }) => createTree(repo!, body)],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/git\/commits$/, (_m, { repo, body }) => createCommit(repo!, body)],
    ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/git\/refs\/(.+)$/, (m, { repo, body }) => updateRef(repo!, decodeURIComponent(m[3]!).replace(/^heads\//, ''), body)],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/, (_m, { repo, body }) => this.#createCheckRun(repo!, body)],
    ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/comments\/(\d+)$/, (m, { repo, body }) => {
      const comment = repo!.reviewComments().find((c) => c.id === Number(m[3]));
      if (!comment) return { status: 404, body: { message: 'Not Found' } };
      comment.body = String(body['body'] ?? comment.body);
      return { status: 200, body: comment };
    }],
    ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/, (m, { repo, body }) => this.#updateCheckRun(repo!, Number(m[3]), body)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/check-runs$/, (m, { repo, url }) => {
      const name = url.searchParams.get('check_name');
      const status = url.searchParams.get('status');
      const runs = repo!.checkRunsFor(m[3]!).filter((r) => (name === null || r.name === name) && (status === null || r.status === status));
      const page = paginate(url, runs, 30);
      return { ...page, body: { total_count: runs.length, check_runs: page.body } };
    }],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments$/, (m, { repo, url }) => paginate(url, repo!.reviewComments(Number(m[3])), 30)],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/, (m, { repo, url }) => paginate(url, repo!.reviews.filter((r) => r.pull === Number(m[3])), 30)],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/, (m, { repo, body }) => this.#createReview(repo!, Number(m[3]), body)],
  ];

  #getPull(repo: FakeRepo, number: number): Reply {
    const pull = repo.pulls.get(number);
    if (!pull) return { status: 404, body: { message: 'Not Found' } };
    const own = { id: 1, full_name: repo.fullName, name: repo.name, owner: { login: repo.owner }, default_branch: 'main' };
    const headRepo = pull.headRepo === undefined || pull.headRepo === repo.fullName ? own : { id: 999, full_name: pull.headRepo, name: pull.headRepo.split('/')[1], owner: { login: pull.headRepo.split('/')[0] } };
    return {
      status: 200,
      body: { number, state: pull.closed === true ? 'closed' : 'open', updated_at: new Date().toISOString(), head: { sha: pull.headSha, ref: pull.branch, repo: headRepo }, base: { sha: pull.baseSha, ref: 'main', repo: own }, changed_files: repo.pullFiles(number).length },
    };
  }

  #checkOutput(body: Json): string | undefined {
    const output = body['output'] as { title?: string; summary?: string; text?: string; annotations?: unknown[] } | undefined;
    if (!output) return undefined;
    if (typeof output.title !== 'string' || typeof output.summary !== 'string') return 'output.title and output.summary are required';
    if (output.summary.length > MAX_OUTPUT || (output.text ?? '').length > MAX_OUTPUT) return 'output.summary is too long (maximum is 65535 characters)';
    if ((output.annotations ?? []).length > 50) return 'Only 50 annotations may be sent per request';
    return undefined;
  }

  #applyOutput(run: FakeCheckRun, body: Json): void {
    const output = body['output'] as { title: string; summary: string; text?: string; annotations?: FakeAnnotation[] } | undefined;
    if (output) {
      run.output = { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}) };
      run.annotations.push(...(output.annotations ?? []));
    }
    if (typeof body['status'] === 'string') run.status = body['status'];
    if (typeof body['conclusion'] === 'string') {
      run.conclusion = body['conclusion'];
      run.status = 'completed';
      run.completedAt ??= Date.now();
    }
    run.requests.push(body);
  }

  #createCheckRun(repo: FakeRepo, body: Json): Reply {
    if (typeof body['name'] !== 'string' || typeof body['head_sha'] !== 'string') return { status: 422, body: { message: 'name and head_sha are required' } };
    if (!repo.commits.has(body['head_sha'])) return { status: 422, body: { message: 'No commit found for SHA' } };
    const problem = this.#checkOutput(body);
    if (problem) return { status: 422, body: { message: problem } };
    const externalId = typeof body['external_id'] === 'string' ? body['external_id'] : null;
    const run: FakeCheckRun = { id: this.#id(), name: body['name'], head_sha: body['head_sha'], external_id: externalId, app: { id: this.#appId }, status: 'queued', conclusion: null, output: { title: '', summary: '' }, annotations: [], requests: [] };
    this.#applyOutput(run, body);
    repo.checkRuns.push(run);
    return { status: 201, body: run };
  }

  #updateCheckRun(repo: FakeRepo, id: number, body: Json): Reply {
    const run = repo.checkRuns.find((r) => r.id === id);
    if (!run) return { status: 404, body: { message: 'Not Found' } };
    const problem = this.#checkOutput(body);
    if (problem) return { status: 422, body: { message: problem } };
    this.#applyOutput(run, body);
    return { status: 200, body: run };
  }

  /** GitHub rejects the whole review when one comment is outside the diff. */
  #createReview(repo: FakeRepo, number: number, body: Json): Reply {
    const pull = repo.pulls.get(number);
    if (!pull) return { status: 404, body: { message: 'Not Found' } };
    const files = new Map(repo.pullFiles(number).map((f) => [f.filename, commentableLines(f.patch)]));
    const comments = (body['comments'] as Array<{ path: string; line: number; start_line?: number; side?: string; body: string }> | undefined) ?? [];
    for (const c of comments) {
      const hunk = (files.get(c.path) ?? []).find(([s, e]) => c.line >= s && c.line <= e);
      const startOk = c.start_line === undefined || (c.start_line < c.line && hunk !== undefined && c.start_line >= hunk[0]);
      if (!hunk || !startOk) return { status: 422, body: { message: 'Unprocessable Entity', errors: [`Line could not be resolved: ${c.path}:${c.line}`] } };
    }
    const id = this.#id();
    const commitId = typeof body['commit_id'] === 'string' ? body['commit_id'] : pull.headSha;
    const stored: FakeReviewComment[] = comments.map((c) => ({
      id: this.#id(),
      review_id: id,
      path: c.path,
      line: c.line,
      start_line: c.start_line ?? null,
      side: c.side ?? 'RIGHT',
      body: c.body,
      commit_id: commitId,
    }));
    const review = { id, pull: number, commit_id: commitId, event: String(body['event'] ?? 'COMMENT'), body: String(body['body'] ?? ''), comments: stored };
    repo.reviews.push(review);
    return { status: 200, body: { id, commit_id: commitId, state: 'COMMENTED', body: review.body } };
  }
}
