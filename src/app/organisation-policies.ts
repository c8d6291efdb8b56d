import { checkpoint, describeError, Stopped, type GitHub } from './github.ts';
import { loadRepoPolicies, type RepoPolicies } from './repo-policies.ts';

/**
 * The organisation's policy repository (`policies.organisation: owner/repo`, optionally
 * `owner/repo:folder`), read at the tip of its default branch: the policies every
 * repository of the organisation is judged by. A repository the app cannot read is a
 * note on the check run, never a silent pass with fewer policies.
 */
export async function loadOrganisationPolicies(github: GitHub, reference: string, signal: AbortSignal): Promise<RepoPolicies> {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?::(.+))?$/.exec(reference.trim());
  if (!match) return { policies: [], sources: [], notes: [], unchecked: [{ path: 'policies.organisation', reason: `"${reference}" is not "owner/repo"; no organisation policies were loaded, so none were applied` }] };
  const [, owner = '', repo = '', folder] = match;
  try {
    const { data: info } = await github.rest.repos.get({ owner, repo });
    checkpoint(signal);
    const { data: ref } = await github.rest.git.getRef({ owner, repo, ref: `heads/${info.default_branch}` });
    checkpoint(signal);
    const loaded = await loadRepoPolicies(github, { owner, repo }, ref.object.sha, [folder?.replace(/^\/+|\/+$/g, '') ?? ''], signal, true);
    return {
      policies: loaded.policies,
      sources: loaded.sources,
      notes: loaded.notes.map((n) => `${n} (organisation repository ${owner}/${repo})`),
      unchecked: loaded.unchecked.map((u) => ({ path: `${owner}/${repo}:${u.path}`, reason: u.reason })),
    };
  } catch (error) {
    if (error instanceof Stopped) throw error;
    return {
      policies: [],
      sources: [],
      notes: [],
      unchecked: [{ path: `${owner}/${repo}`, reason: `the organisation policy repository could not be read (${describeError(error)}); its policies were not applied. Install the app on it or fix policies.organisation` }],
    };
  }
}
