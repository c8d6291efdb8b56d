import type { GitHub, RepoId } from './github.ts';

export interface ApplyRequest {
  pullNumber: number;
  /** The commit the check run (and its fixes) belong to. */
  runHeadSha: string;
  /** Who clicked the button (payload sender.login). */
  sender: string | undefined;
  /** The repository's default branch (payload repository.default_branch), when known. */
  defaultBranch: string | undefined;
}

export type ApplyPermit =
  | { ok: true; branch: string }
  /** Refused: `reason` is said on the pull request; `moved` when the branch is no longer at the run's commit. */
  | { ok: false; reason: string; moved?: { headSha: string; baseSha: string } };

const WRITERS = new Set(['admin', 'maintain', 'write']);

/**
 * May "Apply fixes" commit for this request? Only on an open pull request whose head branch
 * lives in this repository (not a fork), is not the default branch, and still points at the
 * check run's commit (the fixes were computed for it), and only for a sender with write
 * access (GitHub's collaborator permission API). Everything is read from GitHub, never
 * taken from the event payload.
 */
export async function permitApplyFixes(github: GitHub, repo: RepoId, request: ApplyRequest): Promise<ApplyPermit> {
  const { data: pull } = await github.rest.pulls.get({ ...repo, pull_number: request.pullNumber });
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
  if (pull.state !== 'open') return { ok: false, reason: `pull request #${request.pullNumber} is ${pull.state}` };
  if (!pull.head.repo || pull.head.repo.full_name.toLowerCase() !== fullName) {
    return { ok: false, reason: 'the pull request comes from a fork, where preadmit cannot commit; apply the suggestions in the review instead' };
  }
  const branch = pull.head.ref;
  const defaultBranch = request.defaultBranch ?? pull.base.repo.default_branch;
  if (branch === defaultBranch) return { ok: false, reason: `the head branch is the default branch (${branch}); preadmit never commits there` };
  if (!request.sender) return { ok: false, reason: 'the event names no sender' };
  const { data: level } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: request.sender });
  const role = (level as { role_name?: string }).role_name ?? '';
  if (!WRITERS.has(level.permission) && !WRITERS.has(role)) {
    return { ok: false, reason: `@${request.sender} has ${level.permission} access to ${repo.owner}/${repo.repo}; applying fixes needs write access` };
  }
  const { data: ref } = await github.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
  if (ref.object.sha !== request.runHeadSha || pull.head.sha !== request.runHeadSha) {
    const headSha = ref.object.sha;
    return {
      ok: false,
      reason: `${branch} moved from ${request.runHeadSha.slice(0, 7)} (the commit the fixes were computed for) to ${headSha.slice(0, 7)}; nothing was committed, and ${headSha.slice(0, 7)} is checked again`,
      moved: { headSha, baseSha: pull.base.sha },
    };
  }
  return { ok: true, branch };
}
