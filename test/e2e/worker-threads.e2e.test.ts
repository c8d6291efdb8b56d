/**
 * Issue 14, point 4: a check's rendering and evaluation run in worker threads. The same pull
 * requests checked with the pool (PREADMIT_WORKERS=1) and in the event loop's thread
 * (PREADMIT_WORKERS=0) give identical check runs and review comments — plain manifests under
 * the built-in policies with fixes and a policy kept in the repository, and a change that
 * reaches a Kustomize base and a Helm chart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/check-command.ts';
import type { FakeRepo } from './fake-repo.ts';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

const KUSTOMIZE = join(import.meta.dirname, '..', 'fixtures', 'base-head');
const kustomizeFiles = ['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml'];
const readFixture = (path: string): string => readFileSync(join(KUSTOMIZE, path), 'utf8');

const deployment = (name: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:latest
${extra}`;

/** A policy the repository keeps (it travels to the worker as text). */
const teamPolicy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: team-owner
  annotations:
    policies.kyverno.io/severity: high
spec:
  validationFailureAction: Enforce
  rules:
    - name: owner-label
      match:
        any:
          - resources:
              kinds: [Deployment]
      validate:
        message: Every Deployment names its owning team in the label team.
        pattern:
          metadata:
            labels:
              team: "?*"
`;

const chart = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'replicas: 2\nimage: registry.example.com/web:1.0.0\n',
  'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    team: web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
`,
};

interface Observed {
  runs: unknown[];
  comments: unknown[];
}

/** Set up the same repositories in a harness and check their pull requests. */
async function checkScenarios(h: Harness): Promise<Record<string, Observed>> {
  const observe = (repo: FakeRepo, head: string): Observed => ({
    runs: repo.checkRunsFor(head).map((r) => ({ name: r.name, status: r.status, conclusion: r.conclusion, external_id: r.external_id, output: r.output, annotations: r.annotations })),
    comments: repo.reviewComments().map((c) => ({ path: c.path, line: c.line, start_line: c.start_line, side: c.side, body: c.body, commit_id: c.commit_id })),
  });
  const result: Record<string, Observed> = {};

  const plain = h.fake.repo('acme', 'plain');
  const plainBase = plain.commit({ '.github/preadmit.yml': 'policies:\n  paths: [policies]\n', 'policies/security/team.yaml': teamPolicy, 'apps/api.yaml': deployment('api') });
  const plainHead = plain.commit({ ...plain.filesOf(plainBase), 'apps/web.yaml': deployment('web'), 'apps/api.yaml': deployment('api', '          securityContext:\n            privileged: true\n') }, 'web', [plainBase]);
  plain.setPull(1, plainBase, plainHead);
  await h.deliverAndSettle('pull_request', pullRequestPayload(plain, 'opened', 1));
  result['plain'] = observe(plain, plainHead);

  const rendered = h.fake.repo('acme', 'rendered');
  const tree = { ...Object.fromEntries(kustomizeFiles.map((f) => [f, readFixture(f)])), ...chart };
  const renderBase = rendered.commit(tree, 'base');
  const renderHead = rendered.commit(
    {
      ...tree,
      'base/deployment.yaml': `${readFixture('base/deployment.yaml')}          securityContext:\n            privileged: true\n`,
      'charts/web/values.yaml': 'replicas: 3\nimage: registry.example.com/web:latest\n',
    },
    'privileged',
    [renderBase],
  );
  rendered.setPull(1, renderBase, renderHead);
  await h.deliverAndSettle('pull_request', pullRequestPayload(rendered, 'opened', 1));
  result['rendered'] = observe(rendered, renderHead);
  return result;
}

/** Worker-task observations by result, from the app's own histogram. */
async function workerTasks(h: Harness): Promise<Record<string, number>> {
  const metric = await h.app.metrics.workerTasks.get();
  return Object.fromEntries(metric.values.filter((v) => v.metricName === 'preadmit_worker_task_seconds_count').map((v) => [String(v.labels['result']), v.value]));
}

describe('rendering and evaluation in worker threads', () => {
  let pooled: Harness;
  let inline: Harness;
  const policyDirs = [BUILTIN_POLICIES, KUSTOMIZE];

  beforeAll(async () => {
    pooled = await startHarness({ policyDirs, env: { PREADMIT_WORKERS: '1' } });
    inline = await startHarness({ policyDirs, env: { PREADMIT_WORKERS: '0' } });
  });
  afterAll(async () => {
    await pooled?.stop();
    await inline?.stop();
  });

  it('gives the same check runs and review comments as the event loop thread, plain and rendered', async () => {
    const withPool = await checkScenarios(pooled);
    const withoutPool = await checkScenarios(inline);
    // The pool did the work in one setup and not in the other.
    expect(await workerTasks(pooled)).toEqual({ done: 2 });
    expect(await workerTasks(inline)).toEqual({});
    for (const name of ['plain', 'rendered']) {
      const got = withPool[name]!;
      // Something to compare: a failing run with annotations and comments.
      expect(got.runs).toHaveLength(1);
      expect(got.runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect((got.runs[0] as { annotations: unknown[] }).annotations.length).toBeGreaterThan(1);
      expect(got.comments.length).toBeGreaterThan(0);
      expect(got).toEqual(withoutPool[name]);
    }
    const plainRun = withPool['plain']!.runs[0] as { annotations: Array<{ message: string; title?: string }> };
    // The repository's own policy (sent to the worker as text) and the built-in ones with fixes both count.
    expect(plainRun.annotations.some((a) => /owning team/.test(a.message))).toBe(true);
    expect(withPool['plain']!.comments.some((c) => /```suggestion/.test((c as { body: string }).body))).toBe(true);
    const renderedRun = withPool['rendered']!.runs[0] as { output: { text?: string }; annotations: Array<{ path: string }> };
    expect(renderedRun.output.text).toMatch(/kustomize/);
    expect(renderedRun.output.text).toMatch(/helm/);
    expect(new Set(renderedRun.annotations.map((a) => a.path))).toEqual(new Set(['base/deployment.yaml', 'charts/web/values.yaml', 'charts/web/templates/deployment.yaml']));
  });
});
