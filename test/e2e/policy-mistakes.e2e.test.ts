/**
 * Issue 11 in the app: a policy Kyverno would refuse, kept in the repository's policy folder or
 * in the organisation's policy repository, is said once on the check run — file:line:col, what
 * is wrong, what to write — and is not enforced: no false block on resources it is not about.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'policy-mistakes');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** The policy of the fixtures, under another name, written correctly: it still judges. */
const labelPolicy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: team-label
spec:
  rules:
    - name: team
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
        failureAction: Enforce
        message: Every ConfigMap names its team.
        pattern:
          metadata:
            labels:
              team: "?*"
`;

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  a: b\n';

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('policy mistakes on the check run', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a broken policy in the repository: one located note, not enforced, the other policies still judge', async () => {
    const repo = h.fake.repo('acme', 'own-broken-policy');
    const base = repo.commit({
      '.github/preadmit.yml': 'policies:\n  paths: [cluster/policies]\n  builtin: false\n',
      'cluster/policies/replicas.yaml': fixture('kind-typo.yaml'),
      'cluster/policies/team.yaml': labelPolicy,
    });
    const head = repo.commit({ ...repo.filesOf(base), 'apps/all.yaml': `${fixture('resources.yaml')}---\n${configMap}` });
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    const output = JSON.stringify(run.output);
    const where = 'cluster/policies/replicas.yaml:12:15';
    expect(occurrences(output, where)).toBe(1);
    expect(run.output.summary).toContain(`\`${where}\` was not loaded and is not enforced: ClusterPolicy "two-replicas" rule "at-least-two": unknown field \`kind\` in match.any[0].resources: write \`kinds\``);
    // not enforced: only the ConfigMap without a team label fails; the Deployment, Role and Service are not blocked
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([expect.objectContaining({ path: 'apps/all.yaml', title: expect.stringContaining('team-label/team') })]);
    expect(run.output.summary).toContain('against 1 policy;');
  });

  it('a pull request that breaks a policy of the policy folder gets one blocking finding on the line, and no second note', async () => {
    const repo = h.fake.repo('acme', 'breaks-own-policy');
    const base = repo.commit({
      '.github/preadmit.yml': 'policies:\n  paths: [cluster/policies]\n  builtin: false\n',
      'cluster/policies/replicas.yaml': fixture('correct.yaml'),
      'cluster/policies/old.yaml': fixture('no-match.yaml'),
    });
    const head = repo.commit({ ...repo.filesOf(base), 'cluster/policies/replicas.yaml': fixture('unknown-operator.yaml'), 'cluster/policies/old.yaml': `${fixture('no-match.yaml')}\n` });
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures).toEqual([
      expect.objectContaining({ path: 'cluster/policies/old.yaml', start_line: 8, message: expect.stringContaining('the rule has no `match`') }),
      expect.objectContaining({ path: 'cluster/policies/replicas.yaml', start_line: 20, message: expect.stringContaining('unknown condition operator `GreaterThanOrEqualss`: write `GreaterThanOrEquals`') }),
    ]);
    // the base's broken policy in the edited file is said once: by the finding, not again as a note
    expect(occurrences(JSON.stringify(run.output), 'rule has no `match`')).toBe(1);
  });

  it('a broken policy in the organisation policy repository: one located note naming that repository', async () => {
    const central = h.fake.repo('acme', 'org-broken-policies');
    central.refs.set('main', central.commit({ 'security/replicas.yaml': fixture('patern.yaml'), 'security/team.yaml': labelPolicy }));
    const repo = h.fake.repo('acme', 'uses-broken-org-policies');
    const base = repo.commit({ '.github/preadmit.yml': 'policies:\n  organisation: acme/org-broken-policies\n  builtin: false\n' });
    const head = repo.commit({ ...repo.filesOf(base), 'apps/all.yaml': fixture('resources.yaml') });
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const run = repo.checkRunsFor(head)[0]!;
    const where = 'security/replicas.yaml:16:9';
    expect(occurrences(JSON.stringify(run.output), where)).toBe(1);
    expect(run.output.summary).toMatch(/`security\/replicas\.yaml:16:9` was not loaded and is not enforced: .*unknown field `patern` in validate: write `pattern` instead.* \(organisation repository acme\/org-broken-policies\)/);
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
  });
});
