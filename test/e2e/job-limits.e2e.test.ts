/**
 * Issue 14, point 4: a job's time and memory are bounded. A check whose rendering goes past
 * PREADMIT_JOB_TIMEOUT_SECONDS (a Helm template that loops for hours) and one whose
 * evaluation needs more heap than PREADMIT_JOB_MEMORY_MB (a 6 MB manifest) both complete
 * their check run, failing, with a message that names the limit; the app keeps checking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeRepo } from './fake-repo.ts';
import { manifest, pullRequestPayload, startHarness, type Harness } from './harness.ts';

const chart = (template: string): Record<string, string> => ({
  'charts/spin/Chart.yaml': 'apiVersion: v2\nname: spin\nversion: 0.1.0\n',
  'charts/spin/values.yaml': 'replicas: 1\n',
  'charts/spin/templates/configmap.yaml': template,
});
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spin\n  labels:\n    team: web\ndata:\n  replicas: "{{ .Values.replicas }}"\n';
/** 10^10 iterations of Go's template engine: hours of CPU, no memory to speak of. */
const forever = '{{- range $i := until 100000 }}{{- range $j := until 100000 }}{{- end }}{{- end }}\n';

async function workerTasks(h: Harness): Promise<Record<string, number>> {
  const metric = await h.app.metrics.workerTasks.get();
  return Object.fromEntries(metric.values.filter((v) => v.metricName === 'preadmit_worker_task_seconds_count').map((v) => [String(v.labels['result']), v.value]));
}

describe('a job over its time limit', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeAll(async () => {
    h = await startHarness({ env: { PREADMIT_WORKERS: '1', PREADMIT_JOB_TIMEOUT_SECONDS: '3' } });
    repo = h.fake.repo('acme', 'spin');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('completes its check run as failed, naming the time limit, with the renderer stopped', async () => {
    const base = repo.commit(chart(configMap), 'chart');
    const head = repo.commit(chart(configMap + '---\n' + forever), 'loop', [base]);
    repo.setPull(1, base, head);
    const started = Date.now();
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const seconds = (Date.now() - started) / 1000;
    const [run, ...more] = repo.checkRunsFor(head);
    expect(more).toHaveLength(0);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.title).toBe('preadmit stopped: over its time limit');
    expect(run!.output.summary).toContain('The check went over its time limit of 3 s (PREADMIT_JOB_TIMEOUT_SECONDS) and was stopped.');
    // Stopped in the worker thread, not run to its end (hours) and not after the renderer's own 60 s.
    expect(await workerTasks(h)).toEqual({ stopped: 1 });
    expect(seconds).toBeLessThan(45);
  });
});

describe('a job over its memory limit', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeAll(async () => {
    h = await startHarness({ env: { PREADMIT_WORKERS: '1', PREADMIT_JOB_MEMORY_MB: '64' } });
    repo = h.fake.repo('acme', 'huge');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('completes its check run as failed, naming the memory limit; the next check runs on a new thread', async () => {
    const base = repo.commit({ 'README.md': 'huge\n' });
    const huge = Array.from({ length: 80_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\ndata:\n  key: value-${i}\n`).join('---\n');
    const head = repo.commit({ 'README.md': 'huge\n', 'apps/huge.yaml': huge }, 'huge', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const [run, ...more] = repo.checkRunsFor(head);
    expect(more).toHaveLength(0);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.title).toBe('preadmit stopped: over its memory limit');
    expect(run!.output.summary).toContain('The check needed more than its memory limit of 64 MiB (PREADMIT_JOB_MEMORY_MB) and was stopped.');
    expect(await workerTasks(h)).toEqual({ memory: 1 });

    const small = repo.commit({ 'README.md': 'huge\n', 'apps/settings.yaml': manifest('settings.yaml') }, 'small', [base]);
    repo.setPull(2, base, small);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 2));
    expect(repo.checkRunsFor(small)).toMatchObject([{ status: 'completed', conclusion: expect.stringMatching(/^(success|failure|neutral)$/) }]);
    expect(repo.checkRunsFor(small)[0]!.output.title).not.toMatch(/limit|could not finish/);
    expect(await workerTasks(h)).toEqual({ memory: 1, done: 1 });
  });
});
