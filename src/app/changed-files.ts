import { checkpoint, type GitHub, type RepoId } from './github.ts';

/** A file changed by the pull request, as pulls.listFiles / compare report it. */
export interface ChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousFilename?: string;
  /** The unified diff hunks; absent for binary or very large files. */
  patch?: string;
}

export interface ChangedFiles {
  files: ChangedFile[];
  /** Set when GitHub did not list every changed file. */
  note?: string;
}

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_LISTED_FILES = 3000;

interface RawFile {
  filename: string;
  status: string;
  previous_filename?: string | undefined;
  patch?: string | undefined;
}

function toChangedFile(raw: RawFile): ChangedFile {
  const file: ChangedFile = { filename: raw.filename, status: raw.status as ChangedFile['status'] };
  if (raw.previous_filename) file.previousFilename = raw.previous_filename;
  if (raw.patch !== undefined) file.patch = raw.patch;
  return file;
}

/** Every listed file of a pull request (paginated, 100 a page, at most 3,000). */
export async function listPullRequestFiles(github: GitHub, repo: RepoId, pullNumber: number, changedFiles: number | undefined, signal: AbortSignal): Promise<ChangedFiles> {
  const files: ChangedFile[] = [];
  for await (const page of github.paginate.iterator(github.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 })) {
    checkpoint(signal);
    for (const raw of page.data) files.push(toChangedFile(raw));
    if (files.length >= MAX_LISTED_FILES) break;
  }
  const listed = files.slice(0, MAX_LISTED_FILES);
  const total = changedFiles ?? listed.length;
  if (total > listed.length || files.length > MAX_LISTED_FILES) {
    return { files: listed, note: `This pull request changes ${total} files; GitHub lists only the first ${listed.length}, so only those were checked.` };
  }
  return { files: listed };
}

/** The merge base of a pull request's base and head, and (for merge groups) the changed files. */
export async function compareCommits(github: GitHub, repo: RepoId, base: string, head: string): Promise<{ mergeBase: string; files: ChangedFiles }> {
  const response = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 100 });
  const raw = response.data.files ?? [];
  const files = raw.map(toChangedFile);
  const result: ChangedFiles = { files };
  if (raw.length >= 300) result.note = `GitHub's compare lists at most 300 files; only ${raw.length} were checked.`;
  return { mergeBase: response.data.merge_base_commit.sha, files: result };
}
