/**
 * The GitHub App end to end against the local fake GitHub of the e2e suite (real HTTP, real
 * Probot, the built-in policies): a 50-file pull request whose head brings 20 findings.
 * Measures the time from the webhook delivery to the completed check run (the app's work
 * queue idle) and the GitHub requests it made. Target: under 2 s and at most
 * 12 requests + one per further 50 annotations. Then, for the render path, a pull request
 * changing a Kustomize base that two overlays include (both trees materialised and rendered).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { BUILTIN_POLICIES } from '../src/cli/check-command.ts';
import type { FakeRepo } from '../test/e2e/fake-repo.ts';
import { pullRequestPayload, startHarness } from '../test/e2e/harness.ts';

export interface AppBenchResult {
  files: number;
  findings: number;
  annotations: number;
  /** Delivery to completed check run, warm (the second pull request of the process). */
  ms: number;
  /** The same for the first pull request (installation token, cold code paths). */
  coldMs: number;
  requests: number;
  /** Requests of the first pull request (includes the installation token). */
  coldRequests: number;
  /** 12 + one per further 50 annotations. */
  requestTarget: number;
  /** Requests by route, e.g. "POST /api/graphql". */
  byRoute: Record<string, number>;
  conclusion: string | null;
  /** A pull request changing a Kustomize base shared by two overlays (rendered on both sides). */
  render: { ms: number; requests: number; conclusion: string | null };
}

const BASE_HEAD = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'base-head');

/** The base-head fixture (base + two overlays) and a pull request that makes the base's container privileged. */
function kustomizePullRequest(repo: FakeRepo, number: number): void {
  const files = ['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml'];
  const tree = Object.fromEntries(files.map((f) => [f, readFileSync(join(BASE_HEAD, f), 'utf8')]));
  const base = repo.commit(tree, 'base');
  const head = repo.commit({ ...tree, 'base/deployment.yaml': `${tree['base/deployment.yaml'] ?? ''}          securityContext:\n            privileged: true\n` }, 'privileged', [base]);
  repo.setPull(number, base, head);
}

const configMap = (name: string, value: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels:\n    app.kubernetes.io/name: ${name}\n    app.kubernetes.io/instance: ${name}\ndata:\n  LOG_LEVEL: ${value}\n`;

/** A Deployment with six findings of the built-in policies (two of them blocking). */
const deployment = (name: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/instance: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/instance: ${name}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: nginx:latest
`;

const service = (name: string, type: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels:\n    app.kubernetes.io/name: ${name}\n    app.kubernetes.io/instance: ${name}\nspec:\n  type: ${type}\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n`;

/**
 * A repository of 150 files and a pull request changing 50 of them: 30 ConfigMaps modified,
 * 15 added, 3 Deployments and 2 Services added: 20 findings. Deterministic.
 */
function pullRequest(repo: FakeRepo, prefix: string, number: number): void {
  const base: Record<string, string> = { 'README.md': '# shop\n' };
  for (let i = 0; i < 100; i++) base[`${prefix}/other/cm-${i}.yaml`] = configMap(`other-${i}`, 'info');
  for (let i = 0; i < 30; i++) base[`${prefix}/apps/cm-${i}.yaml`] = configMap(`cm-${i}`, 'info');
  const head: Record<string, string> = { ...base };
  for (let i = 0; i < 30; i++) head[`${prefix}/apps/cm-${i}.yaml`] = configMap(`cm-${i}`, 'debug');
  for (let i = 30; i < 46; i++) head[`${prefix}/apps/cm-${i}.yaml`] = configMap(`cm-${i}`, 'info');
  for (let i = 0; i < 3; i++) head[`${prefix}/apps/web-${i}.yaml`] = deployment(`web-${i}`);
  head[`${prefix}/apps/edge.yaml`] = service('edge', 'NodePort');
  head[`${prefix}/apps/cm-45.yaml`] = service('public', 'LoadBalancer');
  const baseSha = repo.commit(base, 'base');
  const headSha = repo.commit(head, 'change', [baseSha]);
  repo.setPull(number, baseSha, headSha);
}

export async function runAppBench(): Promise<AppBenchResult> {
  const h = await startHarness({ policyDirs: [BUILTIN_POLICIES] });
  try {
    const repo = h.fake.repo('acme', 'shop');
    pullRequest(repo, 'warm-up', 1);
    pullRequest(repo, 'cluster', 2);
    const measure = async (number: number): Promise<{ ms: number; from: number }> => {
      const from = h.fake.requests.length;
      const t0 = performance.now();
      await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', number));
      return { ms: performance.now() - t0, from };
    };
    const cold = await measure(1);
    const coldRequests = h.fake.requests.length - cold.from;
    const warm = await measure(2);
    const requests = h.fake.requests.slice(warm.from);
    kustomizePullRequest(repo, 3);
    const rendered = await measure(3);
    const renderRequests = h.fake.requests.length - rendered.from;
    const renderRun = repo.checkRunsFor(repo.pulls.get(3)?.headSha ?? '')[0];
    const run = repo.checkRunsFor(repo.pulls.get(2)?.headSha ?? '')[0];
    const annotations = run?.annotations.length ?? 0;
    const findings = annotations;
    const byRoute: Record<string, number> = {};
    for (const r of requests) {
      const route = `${r.method} ${r.path.replace(/\/repos\/[^/]+\/[^/]+/, '/repos/:o/:r').replace(/[0-9a-f]{40}/g, ':sha').replace(/\/\d+(\/|$)/g, '/:n$1')}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
    }
    return {
      files: repo.pullFiles(2).length,
      findings,
      annotations,
      ms: Math.round(warm.ms),
      coldMs: Math.round(cold.ms),
      requests: requests.length,
      coldRequests,
      requestTarget: 12 + Math.max(0, Math.ceil(annotations / 50) - 1),
      byRoute,
      conclusion: run?.conclusion ?? null,
      render: { ms: Math.round(rendered.ms), requests: renderRequests, conclusion: renderRun?.conclusion ?? null },
    };
  } finally {
    await h.stop();
  }
}

export function appBenchLine(r: AppBenchResult): string {
  return (
    `app: ${r.files}-file PR, ${r.findings} findings: ${r.ms} ms delivery→completed (first PR ${r.coldMs} ms), ${r.requests} GitHub requests (first PR ${r.coldRequests}, with the installation token; target ≤ ${r.requestTarget}), conclusion ${r.conclusion}` +
    `; kustomize base shared by 2 overlays, rendered: ${r.render.ms} ms, ${r.render.requests} requests`
  );
}

export function appBenchJson(r: AppBenchResult): Record<string, number | string | null> {
  return { files: r.files, findings: r.findings, ms: r.ms, coldMs: r.coldMs, requests: r.requests, coldRequests: r.coldRequests, requestTarget: r.requestTarget, renderMs: r.render.ms, renderRequests: r.render.requests };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\u0000')) {
  const r = await runAppBench();
  console.log(appBenchLine(r));
  console.log(JSON.stringify(r.byRoute, null, 1));
}
