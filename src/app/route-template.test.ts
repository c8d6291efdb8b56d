import { describe, expect, it } from 'vitest';
import { routeTemplate } from './route-template.ts';

describe('routeTemplate', () => {
  it('keeps octokit templates and templates full URLs of paginated and hand-built requests', () => {
    expect(routeTemplate('/repos/{owner}/{repo}/check-runs')).toBe('/repos/{owner}/{repo}/check-runs');
    expect(routeTemplate('http://127.0.0.1:4000/api/v3/repos/acme/secret-repo/pulls/12/files?per_page=100&page=2')).toBe('/repos/{owner}/{repo}/pulls/{pull_number}/files');
    expect(routeTemplate('https://api.github.com/repositories/123/pulls/7/comments?page=3')).toBe('/repositories/{repository_id}/pulls/{pull_number}/comments');
    expect(routeTemplate('/repos/acme/x/git/ref/heads/feature/secret-name')).toBe('/repos/{owner}/{repo}/git/ref/{path}');
    expect(routeTemplate('/repos/acme/x/contents/apps/private.yaml')).toBe('/repos/{owner}/{repo}/contents/{path}');
    expect(routeTemplate(`/repos/acme/x/compare/${'a'.repeat(40)}...${'b'.repeat(40)}`)).toBe('/repos/{owner}/{repo}/compare/{sha}');
    expect(routeTemplate(`/repos/acme/x/git/blobs/${'c'.repeat(40)}`)).toBe('/repos/{owner}/{repo}/git/blobs/{sha}');
    expect(routeTemplate('/repos/acme/x/collaborators/octocat/permission')).toBe('/repos/{owner}/{repo}/collaborators/{username}/permission');
    expect(routeTemplate('/repos/acme/x/branches/release-secret/protection')).toBe('/repos/{owner}/{repo}/branches/{ref}/protection');
    expect(routeTemplate('/graphql')).toBe('/graphql');
  });
});
