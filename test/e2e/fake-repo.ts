import { createHash } from 'node:crypto';
import { structuredPatch } from 'diff';

/** State of one repository in the fake GitHub: git objects, pull requests, checks, reviews. */
export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  app: { id: number };
  status: string;
  conclusion: string | null;
  /** When the fake stored the conclusion (epoch ms). */
  completedAt?: number;
  output: { title: string; summary: string; text?: string };
  annotations: FakeAnnotation[];
  /** Every create/update request body, in order. */
  requests: Array<Record<string, unknown>>;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
}

export interface FakeReviewComment {
  id: number;
  review_id: number;
  path: string;
  line: number;
  start_line: number | null;
  side: string;
  body: string;
  commit_id: string;
}

export interface FakeReview {
  id: number;
  pull: number;
  commit_id: string;
  event: string;
  body: string;
  comments: FakeReviewComment[];
}

export interface FakePull {
  number: number;
  baseSha: string;
  headSha: string;
  /** The head branch, `feature-<number>`. */
  branch: string;
  /** The repository of the head branch ("owner/name"): another one for a fork. Default: this repository. */
  headRepo?: string;
  closed?: boolean;
}

export interface FakeFile {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  sha: string;
}

export function gitBlobSha(content: string | Buffer): string {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export class FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly blobs = new Map<string, string>();
  /** Blobs whose bytes are not UTF-8 text (UTF-16, binary): SHA -> bytes (`blobs` holds a lossy text). */
  readonly bytes = new Map<string, Buffer>();
  readonly trees = new Map<string, Array<{ path: string; sha: string; size: number; mode?: string }>>();
  readonly commits = new Map<string, { tree: string; files: Map<string, string>; parents: string[]; message: string }>();
  /** Branch name -> commit SHA. */
  readonly refs = new Map<string, string>();
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviews: FakeReview[] = [];
  /** Collaborator login -> permission (admin, write, read, none), as GitHub's collaborator permission API reports it. */
  readonly collaborators = new Map<string, string>([['maintainer', 'admin']]);

  constructor(owner: string, name: string) {
    this.owner = owner;
    this.name = name;
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /**
   * Store a commit whose tree holds exactly `files`; returns its SHA. A file is text, raw
   * bytes (a Buffer), or a symbolic link (`{ symlink: target }`, mode 120000 as git stores it).
   */
  commit(files: Record<string, string | Buffer | { symlink: string }>, message = 'commit', parents: string[] = []): string {
    const entries = Object.keys(files).map((path) => {
      const file = files[path] ?? '';
      if (typeof file === 'string' || Buffer.isBuffer(file)) return { path, sha: this.blob(file) };
      return { path, sha: this.blob(file.symlink), mode: '120000' };
    });
    return this.commitTree(this.tree(entries), message, parents);
  }

  blob(content: string | Buffer): string {
    const sha = gitBlobSha(content);
    if (typeof content === 'string') {
      this.blobs.set(sha, content);
    } else {
      this.bytes.set(sha, content);
      this.blobs.set(sha, content.toString('utf8'));
    }
    return sha;
  }

  /** The exact bytes of a blob. */
  blobBytes(sha: string): Buffer | undefined {
    const text = this.blobs.get(sha);
    return this.bytes.get(sha) ?? (text === undefined ? undefined : Buffer.from(text, 'utf8'));
  }

  /** The tree entry of a path in a commit (mode, blob SHA, size). */
  entryAt(commitSha: string, path: string): { path: string; sha: string; size: number; mode?: string } | undefined {
    return this.trees.get(this.commits.get(commitSha)?.tree ?? '')?.find((e) => e.path === path);
  }

  /** Store a flat tree of blob entries; returns its SHA. */
  tree(entries: ReadonlyArray<{ path: string; sha: string; mode?: string }>): string {
    const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((e) => ({ ...e, size: this.blobBytes(e.sha)?.length ?? 0 }));
    const sha = sha1(`tree ${JSON.stringify(sorted)}`);
    this.trees.set(sha, sorted);
    return sha;
  }

  /** Store a commit of a stored tree; returns its SHA (undefined when the tree is unknown). */
  commitTree(tree: string, message: string, parents: string[]): string {
    const entries = this.trees.get(tree) ?? [];
    const files = new Map(entries.map((e) => [e.path, this.blobs.get(e.sha) ?? '']));
    const sha = sha1(`commit ${tree} ${message} ${parents.join(',')} ${this.commits.size}`);
    this.commits.set(sha, { tree, files, parents, message });
    return sha;
  }

  /** The files of a commit, to build the next one from. */
  filesOf(sha: string): Record<string, string> {
    return Object.fromEntries(this.commits.get(sha)?.files ?? []);
  }

  /** Open (or move) a pull request; `baseSha` is its merge base. */
  setPull(number: number, baseSha: string, headSha: string): FakePull {
    const pull = { number, baseSha, headSha, branch: `feature-${number}` };
    this.pulls.set(number, pull);
    this.refs.set(pull.branch, headSha);
    return pull;
  }

  /** Move a branch (as a push does): pull requests from it follow. */
  moveBranch(branch: string, sha: string): void {
    this.refs.set(branch, sha);
    for (const pull of this.pulls.values()) if (pull.branch === branch) pull.headSha = sha;
  }

  /** The changed files between two commits with GitHub-style patches (hunks only). */
  diff(baseSha: string, headSha: string): FakeFile[] {
    const key = `${baseSha}...${headSha}`;
    const cached = this.#diffs.get(key);
    if (cached) return cached;
    const files = this.#diff(baseSha, headSha);
    this.#diffs.set(key, files);
    return files;
  }

  readonly #diffs = new Map<string, FakeFile[]>();

  #diff(baseSha: string, headSha: string): FakeFile[] {
    const base = this.commits.get(baseSha)?.files ?? new Map<string, string>();
    const head = this.commits.get(headSha)?.files ?? new Map<string, string>();
    const names = [...new Set([...base.keys(), ...head.keys()])].sort();
    const files: FakeFile[] = [];
    for (const filename of names) {
      const before = base.get(filename);
      const after = head.get(filename);
      if (before === after) continue;
      const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'modified';
      // As GitHub: no patch for a very large file's diff.
      if ((before?.length ?? 0) + (after?.length ?? 0) > 1_000_000) {
        files.push({ filename, status, additions: 0, deletions: 0, changes: 0, sha: gitBlobSha(after ?? '') });
        continue;
      }
      const patch = structuredPatch(filename, filename, before ?? '', after ?? '', '', '', { context: 3 });
      let additions = 0;
      let deletions = 0;
      const text = patch.hunks
        .map((h) => {
          for (const l of h.lines) {
            if (l.startsWith('+')) additions++;
            else if (l.startsWith('-')) deletions++;
          }
          return [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines.filter((l) => !l.startsWith('\\'))].join('\n');
        })
        .join('\n');
      files.push({ filename, status, additions, deletions, changes: additions + deletions, patch: text, sha: gitBlobSha(after ?? '') });
    }
    return files;
  }

  pullFiles(number: number): FakeFile[] {
    const pull = this.pulls.get(number);
    return pull ? this.diff(pull.baseSha, pull.headSha) : [];
  }

  checkRunsFor(sha: string): FakeCheckRun[] {
    return this.checkRuns.filter((r) => r.head_sha === sha);
  }

  /** Review comments of one pull request, or of all. */
  reviewComments(pull?: number): FakeReviewComment[] {
    return this.reviews.filter((r) => pull === undefined || r.pull === pull).flatMap((r) => r.comments);
  }
}

/** New-side line ranges of a patch's hunks (the fake's own reading, independent of the app's). */
export function commentableLines(patch: string | undefined): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const m of (patch ?? '').matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}
