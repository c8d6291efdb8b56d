/**
 * A subchart vendored as an archive (charts/web-1.0.0.tgz, as `helm dependency build` leaves
 * it): its templates have no line in the repository, so its findings sit where the chart
 * configures the subchart — its key in values.yaml, else its entry under `dependencies` in
 * Chart.yaml — not on line 1 of Chart.yaml.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          securityContext:
            privileged: true
`;

const CHART = `# the application
apiVersion: v2
name: app
version: 0.1.0
dependencies:
  - name: other
    version: 2.0.0
    repository: https://charts.example.com
    condition: other.enabled
  - name: web
    version: 1.0.0
    repository: https://charts.example.com
`;

function repository(values: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-archived-subchart-'));
  dirs.push(dir);
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('app/Chart.yaml', CHART);
  write('app/values.yaml', values);
  write('pack/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  write('pack/web/templates/deployment.yaml', DEPLOYMENT);
  write('pack/web/templates/worker.yaml', DEPLOYMENT.replace('-web', '-worker'));
  write('pack/other/Chart.yaml', 'apiVersion: v2\nname: other\nversion: 2.0.0\n');
  mkdirSync(join(dir, 'app', 'charts'));
  execFileSync('tar', ['-czf', join(dir, 'app', 'charts', 'web-1.0.0.tgz'), '-C', join(dir, 'pack'), 'web']);
  execFileSync('tar', ['-czf', join(dir, 'app', 'charts', 'other-2.0.0.tgz'), '-C', join(dir, 'pack'), 'other']);
  rmSync(join(dir, 'pack'), { recursive: true });
  return dir;
}

async function privilegedFindings(cwd: string): Promise<{ file: string; line: number; resource: { name: string } }[]> {
  let out = '';
  await run(['check', 'app', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd });
  const report = JSON.parse(out) as { findings: { file: string; line: number; policy: string; resource: { name: string } }[]; roots: { error?: string }[] };
  expect(report.roots.map((r) => r.error)).toEqual([undefined]);
  return report.findings.filter((f) => f.policy === 'pod-security-baseline');
}

async function privilegedFinding(cwd: string): Promise<{ file: string; line: number } | undefined> {
  return (await privilegedFindings(cwd)).find((f) => f.resource.name === 'release-name-web');
}

describe('findings on a subchart kept as an archive', () => {
  it("sit on the subchart's key in the chart's values.yaml", async () => {
    const finding = await privilegedFinding(repository('other:\n  enabled: false\nweb:\n  replicas: 1\n'));
    expect(`${finding?.file}:${finding?.line}`).toBe('app/values.yaml:3');
  });

  it('sit on its dependencies entry in Chart.yaml when values.yaml does not configure it', async () => {
    const finding = await privilegedFinding(repository('other:\n  enabled: false\n'));
    expect(`${finding?.file}:${finding?.line}`).toBe('app/Chart.yaml:10');
  });

  it('keep one finding per resource, though the resources share the place', async () => {
    const findings = await privilegedFindings(repository('web:\n  replicas: 1\n'));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.resource.name}`).sort()).toEqual(['app/values.yaml:1 release-name-web', 'app/values.yaml:1 release-name-worker']);
  });
});
