/**
 * Issue 13: `.github/preadmit.yml` `_extends` may name only the owner's `.github` repository
 * and the configured organisation policy repository; nothing of another repository's file is
 * ever quoted in a check run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, pullRequestPayload, startHarness, type Harness } from './harness.ts';

describe('_extends cannot reach into other repositories', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function checkWith(name: string, config: string): Promise<{ output: string; conclusion: string | null }> {
    const repo = h.fake.repo('acme', name);
    const base = repo.commit({ '.github/preadmit.yml': config });
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-pinned.yaml') }, 'add', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    return { output: JSON.stringify(run.output) + JSON.stringify(run.annotations), conclusion: run.conclusion };
  }

  it('refuses a repository that is neither .github nor the policy repository, without reading it', async () => {
    const secrets = h.fake.repo('acme', 'payments-secrets');
    secrets.refs.set('main', secrets.commit({ '.github/preadmit.yml': 'db_password_is_hunter2: true\n' }));
    const before = h.fake.requests.filter((r) => r.path.includes('/repos/acme/payments-secrets/')).length;
    const { output } = await checkWith('extends-secrets', '_extends: payments-secrets\n');
    expect(output).toContain('_extends may name only the acme/.github repository or the organisation policy repository (policies.organisation); acme/payments-secrets was not read.');
    expect(output).not.toContain('hunter2');
    expect(h.fake.requests.filter((r) => r.path.includes('/repos/acme/payments-secrets/')).length).toBe(before);
  });

  it('reads the configured policy repository, and never quotes its file when it is invalid', async () => {
    const policies = h.fake.repo('acme', 'org-policies');
    policies.refs.set('main', policies.commit({ '.github/preadmit.yml': 'db_password_is_hunter2: true\n', 'security/README.md': 'policies\n' }));
    const { output } = await checkWith('extends-policy-repo', '_extends: acme/org-policies\npolicies:\n  organisation: acme/org-policies\n');
    expect(output).toContain('_extends: the configuration in acme/org-policies:.github/preadmit.yml is not valid (1 problem); fix it in that repository.');
    expect(output).not.toContain('hunter2');
  });
});
