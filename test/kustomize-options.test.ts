/**
 * Issue 12: kustomize helmCharts (charts vendored under helmGlobals.chartHome) and
 * --load-restrictor LoadRestrictionsNone, both off by default, switched on in .github/preadmit.yml.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-kustomize-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (path: string, text: string): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
write('.github/preadmit.yml', '# defaults\n');
write('k/charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
write('k/charts/web/values.yaml', 'env: dev\n');
write('k/charts/web/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-{{ .Values.env }}\n');
write('k/kustomization.yaml', 'helmGlobals:\n  chartHome: charts\nhelmCharts:\n  - name: web\n    releaseName: web\n    valuesInline: {env: prod}\n');
write('l/kustomization.yaml', 'resources:\n  - ../shared/cm.yaml\n');
write('shared/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n');

async function roots(): Promise<{ path: string; resources: number; error?: string }[]> {
  let out = '';
  await run(['check', 'k', 'l', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
  return (JSON.parse(out) as { roots: { path: string; resources: number; error?: string }[] }).roots;
}

describe('kustomize options in .github/preadmit.yml', () => {
  it('are off by default: helmCharts are not inflated and a kustomization reads only below itself', async () => {
    const found = await roots();
    // said on the helmCharts key, with the setting that turns them on
    expect(found.find((r) => r.path === 'k')).toMatchObject({ resources: 0, error: expect.stringMatching(/^k\/kustomization\.yaml:3:1: helmCharts are inflated only when kustomize\.helmCharts is on in \.github\/preadmit\.yml/) });
    // said on the entry that names the file, not in kustomize's words on the kustomization's first line
    expect(found.find((r) => r.path === 'l')).toMatchObject({
      resources: 0,
      error: expect.stringContaining(`l/kustomization.yaml:2:5: resources entry "../shared/cm.yaml" is a file outside the kustomization's directory, which kustomize does not read by default`),
    });
    expect(found.find((r) => r.path === 'l')?.error).not.toContain('is not in or below');
    // the refusal says which setting lifts it
    expect(found.find((r) => r.path === 'l')?.error).toContain('set kustomize.loadRestrictorNone: true in .github/preadmit.yml');
  });

  it('kustomize.helmCharts inflates the vendored chart, kustomize.loadRestrictorNone lets the kustomization read ../shared', async () => {
    write('.github/preadmit.yml', 'kustomize:\n  helmCharts: true\n  loadRestrictorNone: true\n');
    const found = await roots();
    expect(found).toEqual([
      { path: 'k', renderer: 'kustomize', resources: 1 },
      { path: 'l', renderer: 'kustomize', resources: 1 },
    ]);
  });
});
