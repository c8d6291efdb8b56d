import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunPayload, checkSuitePayload, manifest, mergeGroupPayload, pullRequestPayload, startHarness, type Harness } from './harness.ts';
import type { FakeRepo } from './fake-repo.ts';

const CONFIG = 'maxReviewComments: 20\n';

describe('preadmit GitHub App against a fake GitHub over HTTP', () => {
  let h: Harness;
  let repo: FakeRepo;
  let base: string;

  beforeAll(async () => {
    h = await startHarness();
    repo = h.fake.repo('acme', 'gitops');
    base = repo.commit({ '.github/preadmit.yml': CONFIG, 'apps/settings.yaml': manifest('settings.yaml'), 'apps/legacy.yaml': manifest('legacy-pod.yaml'), 'README.md': '# gitops\n' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers /healthz and rejects a delivery with a forged signature without doing anything', async () => {
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(200);
    const before = h.fake.requests.length;
    const body = JSON.stringify({ action: 'opened' });
    const response = await fetch(`${h.app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'forged-1', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await h.app.idle();
    expect(h.fake.requests.length).toBe(before);
  });

  it('fails the check on a pull request that adds a blocking violation, with annotations on the exact lines and one review', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml'), 'apps/legacy.yaml': manifest('legacy-pod.yaml').replace('3600', '7200') });
    repo.setPull(1, base, head);
    const { status } = await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    expect(status).toBe(200);
    const runs = repo.checkRunsFor(head);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    if (process.env['E2E_DUMP']) console.log(run.output.title + '\n\n' + run.output.summary + '\n\n' + repo.reviews.map((r) => r.body + '\n' + r.comments.map((c) => c.body).join('\n---\n')).join('\n'));
    expect(run.name).toBe('preadmit');
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.requests[0]).toMatchObject({ status: 'in_progress', head_sha: head });
    const failure = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failure).toEqual([expect.objectContaining({ path: 'apps/web.yaml', start_line: 16, end_line: 16 })]);
    expect(run.annotations.filter((a) => a.annotation_level === 'warning')).toEqual([expect.objectContaining({ path: 'apps/web.yaml', start_line: 3 })]);
    // The legacy pod's ':latest' was already on the base: existing, a notice, not a failure.
    expect(run.annotations.filter((a) => a.annotation_level === 'notice')).toEqual([expect.objectContaining({ path: 'apps/legacy.yaml', start_line: 9 })]);
    expect(run.output.summary).toContain(`https://github.com/acme/gitops/blob/${head}/apps/web.yaml#L16`);
    expect(run.output.summary).toContain('<details>');
    expect(run.output.title).toMatch(/1 blocking finding/);
    expect(repo.reviews).toHaveLength(1);
    expect(repo.reviews[0]!.event).toBe('COMMENT');
    // Blocking findings are commented first.
    expect(repo.reviews[0]!.comments.map((c) => [c.path, c.line])).toEqual([
      ['apps/web.yaml', 16],
      ['apps/web.yaml', 3],
    ]);
    expect(repo.reviews[0]!.comments.every((c) => /<!-- preadmit:fp=[0-9a-f]{16} -->/.test(c.body))).toBe(true);
  });

  it('does not repeat review comments on a later push, and comments only what is new', async () => {
    const first = repo.pulls.get(1)!.headSha;
    // Push 2: add the owner label (fixes the warning), keep ':latest'.
    const withLabel = manifest('web-latest.yaml').replace('  namespace: shop\n', '  namespace: shop\n  labels:\n    owner: team-shop\n');
    const second = repo.commit({ ...repo.filesOf(first), 'apps/web.yaml': withLabel });
    repo.setPull(1, base, second);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 1));
    const run2 = repo.checkRunsFor(second);
    expect(run2).toHaveLength(1);
    expect(run2[0]!.conclusion).toBe('failure');
    expect(run2[0]!.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([expect.objectContaining({ path: 'apps/web.yaml', start_line: 18 })]);
    expect(repo.reviews).toHaveLength(1);
    // The comment on the fixed warning is marked resolved; the one on ':latest' stays open.
    const resolved = repo.reviewComments(1).filter((c) => c.body.includes('<!-- preadmit:resolved -->'));
    const open = repo.reviewComments(1).filter((c) => !c.body.includes('<!-- preadmit:resolved -->'));
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((c) => c.body.startsWith('✅ **Resolved** in'))).toBe(true);
    expect(open.map((c) => c.line)).toEqual([16]);
    // Push 3: a new violation in another file gets a review with only that comment.
    const third = repo.commit({ ...repo.filesOf(second), 'apps/worker.yaml': manifest('legacy-pod.yaml').replace('legacy', 'worker').replace('legacy', 'worker') });
    repo.setPull(1, base, third);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'synchronize', 1));
    expect(repo.checkRunsFor(third)[0]!.conclusion).toBe('failure');
    expect(repo.reviews).toHaveLength(2);
    expect(repo.reviews[1]!.comments.map((c) => [c.path, c.line])).toEqual([['apps/worker.yaml', 9]]);
    const markers = repo.reviewComments().map((c) => /fp=([0-9a-f]+)/.exec(c.body)?.[1]);
    expect(new Set(markers).size).toBe(markers.length);
  });

  it('passes a clean change with no comments, and a redelivery of the same delivery id creates no second check run', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-pinned.yaml') });
    repo.setPull(2, base, head);
    const reviewsBefore = repo.reviews.length;
    const first = await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 2), 'delivery-clean-1');
    const again = await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 2), 'delivery-clean-1');
    expect([first.status, again.status]).toEqual([200, 200]);
    const runs = repo.checkRunsFor(head);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe('success');
    expect(runs[0]!.annotations).toEqual([]);
    expect(runs[0]!.output.title).toBe('No new findings');
    expect(repo.reviews.length).toBe(reviewsBefore);
    // A re-run requested from the Checks tab is a new delivery: it checks again.
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'rerequested', 2));
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['success', 'success']);
    // So is a re-run of the whole suite.
    await h.deliverAndSettle('check_suite', checkSuitePayload(repo, 2));
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['success', 'success', 'success']);
    // Another app's check run is not ours to re-run.
    await h.deliverAndSettle('check_run', checkRunPayload(repo, 'rerequested', 2, 'other-ci'));
    expect(repo.checkRunsFor(head)).toHaveLength(3);
  });

  it('handles a 400-file pull request: paginated file list, annotations in batches of 50, capped review', async () => {
    const files = repo.filesOf(base);
    for (let i = 0; i < 400; i++) files[`apps/bulk/pod-${String(i).padStart(3, '0')}.yaml`] = manifest('legacy-pod.yaml').replaceAll('legacy', `bulk-${i}`);
    const head = repo.commit(files);
    repo.setPull(3, base, head);
    const pagesBefore = h.fake.count('GET', /\/pulls\/3\/files$/);
    const requestsBefore = h.fake.requests.length;
    const started = Date.now();
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 3));
    if (process.env['E2E_DUMP']) console.log(`400 files: ${h.fake.requests.length - requestsBefore} GitHub requests, ${Date.now() - started} ms`);
    expect(h.fake.count('GET', /\/pulls\/3\/files$/) - pagesBefore).toBe(4);
    const run = repo.checkRunsFor(head)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toHaveLength(400);
    expect(new Set(run.annotations.map((a) => a.path)).size).toBe(400);
    expect(run.annotations.every((a) => a.start_line === 9 && a.annotation_level === 'failure')).toBe(true);
    const batches = run.requests.map((r) => ((r['output'] as { annotations?: unknown[] } | undefined)?.annotations ?? []).length);
    expect(Math.max(...batches)).toBe(50);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(400);
    expect(run.requests.at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.requests.slice(0, -1).every((r) => r['conclusion'] === undefined)).toBe(true);
    expect(run.output.summary.length).toBeLessThanOrEqual(65_535);
    const review = repo.reviews.at(-1)!;
    expect(review.commit_id).toBe(head);
    expect(review.comments).toHaveLength(20);
    expect(run.output.summary).toMatch(/380 new finding\(s\) are outside the diff or over the 20-comment limit/);
  });

  it('fails closed when a pull request changes more files than GitHub lists (3,000), naming what was not checked', async () => {
    const files = repo.filesOf(base);
    for (let i = 0; i < 3005; i++) files[`docs/page-${String(i).padStart(4, '0')}.txt`] = `page ${i}\n`;
    const head = repo.commit(files);
    repo.setPull(8, base, head);
    const payload = pullRequestPayload(repo, 'opened', 8);
    await h.deliverAndSettle('pull_request', payload);
    expect(h.fake.count('GET', /\/pulls\/8\/files$/)).toBe(30);
    const run = repo.checkRunsFor(head)[0]!;
    // The 5 unlisted files may be manifests: never a pass (issue 13).
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary.replace(/\\(.)/g, '$1')).toContain('This pull request changes 3005 files; GitHub lists only the first 3000, so only those were checked.');
  });

  it('still completes when GitHub answers 5xx: retried, or failed with the reason when it persists', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml').replace('nginx:latest', 'nginx:1.0') });
    repo.setPull(4, base, head);
    h.fake.inject({ method: 'GET', path: /\/git\/trees\//, status: 502, times: 2 });
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 4));
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['neutral']);
    expect(h.fake.requests.filter((r) => r.status === 502)).toHaveLength(2);

    h.fake.inject({ method: 'POST', path: /\/graphql$/, status: 500, times: 100 });
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'reopened', 4));
    h.fake.faults.length = 0;
    const failed = repo.checkRunsFor(head)[1]!;
    expect(failed.status).toBe('completed');
    expect(failed.conclusion).toBe('failure');
    expect(failed.output.title).toBe('preadmit could not finish');
    expect(failed.output.summary).toContain('HTTP 500');
  });

  it('still completes under rate limits (403 with x-ratelimit-remaining: 0, 429 with retry-after)', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml') });
    repo.setPull(5, base, head);
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    h.fake.inject({ method: 'GET', path: /\/pulls\/5\/files$/, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } });
    h.fake.inject({ method: 'POST', path: /\/pulls\/5\/reviews$/, status: 429, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 5));
    const run = repo.checkRunsFor(head);
    expect(run).toHaveLength(1);
    expect(run[0]!.conclusion).toBe('failure');
    expect(run[0]!.annotations.some((a) => a.annotation_level === 'failure' && a.start_line === 16)).toBe(true);
    expect(h.fake.requests.filter((r) => r.status === 403 || r.status === 429)).toHaveLength(2);
    expect(repo.reviews.at(-1)!.commit_id).toBe(head);
  });

  it('when GitHub rejects the review (422), the check run still completes and says so', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml').replace('name: web', 'name: web2') });
    repo.setPull(9, base, head);
    h.fake.inject({ method: 'POST', path: /\/pulls\/9\/reviews$/, status: 422, body: { message: 'Unprocessable Entity', errors: ['pull_request_review_thread.line must be part of the diff'] } });
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 9));
    const run = repo.checkRunsFor(head)[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.output.summary).toContain('The inline review could not be posted (HTTP 422');
    expect(repo.reviewComments(9)).toEqual([]);
  });

  it('a newer push supersedes the running check: the old run completes as cancelled, never left in progress', async () => {
    const first = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml') });
    repo.setPull(6, base, first);
    const held = h.fake.hold('GET', /\/pulls\/6\/files$/);
    await h.deliver('pull_request', pullRequestPayload(repo, 'opened', 6));
    await held.arrived;
    const second = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-pinned.yaml') });
    repo.setPull(6, base, second);
    await h.deliver('pull_request', pullRequestPayload(repo, 'synchronize', 6));
    held.release();
    await h.app.idle();
    const old = repo.checkRunsFor(first);
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(old[0]!.output.summary).toContain(second);
    expect(repo.checkRunsFor(second).map((r) => r.conclusion)).toEqual(['success']);
  });

  it('without GraphQL, reads through git trees and blobs, and files missing from a truncated tree through the contents API', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'zz/web.yaml': manifest('web-latest.yaml') });
    repo.setPull(7, base, head);
    h.fake.truncateTrees = true;
    h.fake.graphql = false;
    try {
      await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 7));
    } finally {
      h.fake.truncateTrees = false;
      h.fake.graphql = true;
    }
    expect(h.fake.count('GET', /\/contents\/zz(\/|%2F)web\.yaml$/)).toBeGreaterThan(0);
    expect(repo.checkRunsFor(head)[0]!.annotations.filter((a) => a.annotation_level === 'failure').map((a) => [a.path, a.start_line])).toEqual([['zz/web.yaml', 16]]);
  });

  it('with failurePolicy: ignore in .github/preadmit.yml, an internal error is neutral', async () => {
    const lenient = h.fake.repo('acme', 'lenient');
    const lbase = lenient.commit({ '.github/preadmit.yml': 'failurePolicy: ignore\n' });
    const lhead = lenient.commit({ '.github/preadmit.yml': 'failurePolicy: ignore\n', 'web.yaml': manifest('web-latest.yaml') });
    lenient.setPull(1, lbase, lhead);
    // The config reads fine; reading the manifests keeps failing.
    h.fake.inject({ method: 'POST', path: /\/graphql$/, status: 503, times: 100 });
    await h.deliverAndSettle('pull_request', pullRequestPayload(lenient, 'opened', 1));
    h.fake.faults.length = 0;
    const run = lenient.checkRunsFor(lhead)[0]!;
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toContain('HTTP 503');
  });

  it('reads the config like Probot: the organisation .github repository, and _extends', async () => {
    const warningOnly = manifest('web-latest.yaml').replace('nginx:latest', 'nginx:1.27.2');
    const org = h.fake.repo('acme', '.github');
    org.refs.set('main', org.commit({ '.github/preadmit.yml': 'reviewComments: false\n' }));
    const plain = h.fake.repo('acme', 'no-config');
    const pbase = plain.commit({ 'README.md': 'x\n' });
    plain.setPull(1, pbase, plain.commit({ 'README.md': 'x\n', 'web.yaml': warningOnly }));
    await h.deliverAndSettle('pull_request', pullRequestPayload(plain, 'opened', 1));
    expect(plain.checkRunsFor(plain.pulls.get(1)!.headSha)[0]!.conclusion).toBe('neutral');
    expect(plain.reviews).toEqual([]);

    // _extends names a file of the organisation's .github repository (issue 13: only .github and the policy repository may be extended).
    org.refs.set('main', org.commit({ '.github/preadmit.yml': 'reviewComments: false\n', 'shared/preadmit.yml': 'warningsConclusion: success\nreviewComments: false\n' }));
    const extending = h.fake.repo('acme', 'extending');
    const ebase = extending.commit({ '.github/preadmit.yml': '_extends: .github:shared/preadmit.yml\nmaxReviewComments: 3\n' });
    extending.setPull(1, ebase, extending.commit({ ...extending.filesOf(ebase), 'web.yaml': warningOnly }));
    await h.deliverAndSettle('pull_request', pullRequestPayload(extending, 'opened', 1));
    expect(extending.checkRunsFor(extending.pulls.get(1)!.headSha)[0]!.conclusion).toBe('success');
    expect(extending.reviews).toEqual([]);
  });

  it('judges a pull request by the policies kept in the repository at the merge base', async () => {
    const teamPolicy = (action: string): string =>
      `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: team-label\nspec:\n  validationFailureAction: ${action}\n  rules:\n    - name: team\n      match:\n        any:\n          - resources:\n              kinds: [ConfigMap]\n      validate:\n        message: Every ConfigMap names its team.\n        pattern:\n          metadata:\n            labels:\n              team: "?*"\n`;
    const own = h.fake.repo('acme', 'own-policies');
    const obase = own.commit({ '.github/preadmit.yml': 'policies:\n  paths: [cluster/policies]\n  builtin: false\n', 'cluster/policies/security/team.yaml': teamPolicy('Enforce') });
    // The pull request also tries to relax the policy: it is judged by the base's version.
    const ohead = own.commit({ ...own.filesOf(obase), 'cluster/policies/security/team.yaml': teamPolicy('Audit'), 'apps/settings.yaml': manifest('settings.yaml') });
    own.setPull(1, obase, ohead);
    await h.deliverAndSettle('pull_request', pullRequestPayload(own, 'opened', 1));
    const run = own.checkRunsFor(ohead)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([expect.objectContaining({ path: 'apps/settings.yaml', start_line: 3, title: expect.stringContaining('team-label/team') })]);
    expect(run.output.summary).toContain('against 1 policy;');
  });

  it('judges a pull request by the organisation policy repository named in the config', async () => {
    const teamPolicy = `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: org-team-label\nspec:\n  validationFailureAction: Enforce\n  rules:\n    - name: team\n      match:\n        any:\n          - resources:\n              kinds: [ConfigMap]\n      validate:\n        message: Every ConfigMap names its team.\n        pattern:\n          metadata:\n            labels:\n              team: "?*"\n`;
    const central = h.fake.repo('acme', 'kyverno-policies');
    central.refs.set('main', central.commit({ 'security/team.yaml': teamPolicy, 'README.md': 'org policies\n' }));
    const app = h.fake.repo('acme', 'uses-org-policies');
    const abase = app.commit({ '.github/preadmit.yml': 'policies:\n  organisation: acme/kyverno-policies\n  builtin: false\n' });
    const ahead = app.commit({ ...app.filesOf(abase), 'apps/settings.yaml': manifest('settings.yaml') });
    app.setPull(1, abase, ahead);
    await h.deliverAndSettle('pull_request', pullRequestPayload(app, 'opened', 1));
    const run = app.checkRunsFor(ahead)[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([expect.objectContaining({ path: 'apps/settings.yaml', title: expect.stringContaining('org-team-label/team') })]);

    // A policy repository the app cannot read fails the check and is named, never skipped silently.
    const missing = h.fake.repo('acme', 'missing-org-policies');
    const mbase = missing.commit({ '.github/preadmit.yml': 'policies:\n  organisation: acme/does-not-exist\n' });
    const mhead = missing.commit({ ...missing.filesOf(mbase), 'apps/settings.yaml': manifest('settings.yaml') });
    missing.setPull(1, mbase, mhead);
    await h.deliverAndSettle('pull_request', pullRequestPayload(missing, 'opened', 1));
    const mrun = missing.checkRunsFor(mhead)[0]!;
    expect(mrun.conclusion).toBe('failure');
    expect(mrun.output.summary).toMatch(/\*\*acme\/does-not-exist\*\*: the organisation policy repository could not be read/);
  });

  it('checks a merge group commit', async () => {
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': manifest('web-latest.yaml') });
    await h.deliverAndSettle('merge_group', mergeGroupPayload(repo, base, head));
    expect(repo.checkRunsFor(head).map((r) => r.conclusion)).toEqual(['failure']);
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(text).toMatch(/preadmit_webhook_events_total\{event="pull_request",action="opened",outcome="queued"\} \d+/);
    expect(text).toMatch(/preadmit_webhook_events_total\{event="pull_request",action="opened",outcome="duplicate"\} 1/);
    expect(text).toMatch(/preadmit_check_runs_total\{conclusion="cancelled"\} 1/);
    expect(text).toMatch(/preadmit_github_requests_total\{method="POST",route="\/repos\/\{owner\}\/\{repo\}\/check-runs",status="201"\} \d+/);
    expect(text).toMatch(/preadmit_findings_total\{classification="new",layer="operations",severity="high"\} \d+/);
  });
});
