import type { GitHub, RepoId } from './github.ts';

export interface FixCommit {
  /** The commit the fixes go on top of: the pull request's head. */
  parentSha: string;
  /** The pull request's head branch (without refs/heads/). */
  branch: string;
  files: ReadonlyArray<{ path: string; text: string }>;
  message: string;
}

/**
 * Commit the files on top of the parent through the git database API (blobs, a tree on
 * the parent's tree, a commit) and move the branch to it without force: if someone pushed
 * meanwhile, GitHub refuses (422) and nothing changes. Returns the new commit's SHA.
 */
export async function commitFixes(github: GitHub, repo: RepoId, commit: FixCommit): Promise<string> {
  const parent = await github.rest.git.getCommit({ ...repo, commit_sha: commit.parentSha });
  const entries = [];
  for (const file of commit.files) {
    const blob = await github.rest.git.createBlob({ ...repo, content: file.text, encoding: 'utf-8' });
    entries.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
  }
  const tree = await github.rest.git.createTree({ ...repo, base_tree: parent.data.tree.sha, tree: entries });
  const created = await github.rest.git.createCommit({ ...repo, message: commit.message, tree: tree.data.sha, parents: [commit.parentSha] });
  await github.rest.git.updateRef({ ...repo, ref: `heads/${commit.branch}`, sha: created.data.sha, force: false });
  return created.data.sha;
}
