/**
 * The route of a GitHub API request as a metrics label: the endpoint template
 * (`/repos/{owner}/{repo}/pulls/{pull_number}/files`), never the owner, repository, number,
 * SHA or query of a real request (private names, unbounded series). Octokit passes the
 * template for its own methods; paginated and hand-built requests carry a full URL, which
 * is templated here. Pure.
 */
/** Octokit's names of the numbers after a collection. */
const NUMBERED: Record<string, string> = {
  pulls: 'pull_number',
  issues: 'issue_number',
  'check-runs': 'check_run_id',
  'check-suites': 'check_suite_id',
  comments: 'comment_id',
  reviews: 'review_id',
};

export function routeTemplate(url: string): string {
  let path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? '';
  path = path.replace(/^\/api\/v3(?=\/)/, '');
  if (path.includes('{')) return path;
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const previous = out[out.length - 1];
    if (previous === 'repos' && i + 1 < segments.length) {
      out.push('{owner}', '{repo}');
      i++;
    } else if (previous === 'repositories' || previous === 'installations' || previous === 'users' || previous === 'orgs') {
      out.push(`{${previous === 'repositories' ? 'repository_id' : previous === 'installations' ? 'installation_id' : previous === 'users' ? 'username' : 'org'}}`);
    } else if (previous === 'collaborators') {
      out.push('{username}');
    } else if ((previous === 'commits' || previous === 'branches') && !/^[0-9a-f]{40}$/i.test(segment)) {
      out.push('{ref}');
    } else if (previous === 'ref' || previous === 'refs' || previous === 'contents') {
      out.push('{path}');
      break;
    } else if (/^\d+$/.test(segment)) {
      out.push(`{${NUMBERED[previous ?? ''] ?? 'id'}}`);
    } else if (/^[0-9a-f]{40}(\.\.\.[0-9a-f]{40})?$|^[0-9a-f]{64}$/i.test(segment) || /\.\.\./.test(segment)) {
      out.push('{sha}');
    } else {
      out.push(segment);
    }
  }
  return out.join('/') || '/';
}
