/**
 * A chart dependency missing from charts/ that the values turn off (condition or tags) is left
 * out, as a GitOps tool that fetched it would render nothing of it; one that is on stays
 * helm's error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';
import { renderRoot } from '../src/render/render-root.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-helm-off-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (path: string, text: string): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const CHART = [
  'apiVersion: v2',
  'name: shop',
  'version: 0.1.0',
  'dependencies:',
  '  - name: cache',
  '    version: 1.2.3',
  '    repository: https://charts.example.com/stable',
  '    condition: cache.enabled',
  '  - name: search',
  '    version: 2.0.0',
  '    repository: https://charts.example.com/stable',
  '    tags: [extras]',
  '',
].join('\n');
write('shop/Chart.yaml', CHART);
write('shop/values.yaml', 'cache:\n  enabled: false\ntags:\n  extras: false\nimage: nginx:1.27\n');
write('shop/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: {{ .Values.image }}\n      securityContext:\n        privileged: true\n');
write('cache-on.yaml', 'cache:\n  enabled: true\n');
write('extras-on.yaml', 'tags:\n  extras: true\n');
write('legacy/Chart.yaml', 'apiVersion: v1\nname: legacy\nversion: 0.1.0\n');
write('legacy/requirements.yaml', 'dependencies:\n- name: logs\n  version: 1.0.0\n  repository: https://charts.example.com/stable\n  condition: logs.enabled\n- name: metrics\n  version: 1.0.0\n  repository: https://charts.example.com/stable\n  condition: metrics.enabled\n');
write('legacy/values.yaml', 'logs:\n  enabled: false\nmetrics:\n  enabled: true\n');
write('legacy/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\n');
// apiVersion v2 with its dependencies still in requirements.yaml: helm reads them (with a warning)
write('migrated/Chart.yaml', 'apiVersion: v2\nname: migrated\nversion: 0.1.0\n');
write('migrated/requirements.yaml', 'dependencies:\n- name: stack\n  version: 1.0.0\n  repository: https://charts.example.com/stable\n');
write('migrated/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: migrated\n');

describe('a dependency missing from charts/', () => {
  it('is left out when its condition and tags turn it off: the chart renders, its lines as written', async () => {
    const result = await renderRoot({ path: 'shop', renderer: 'helm' }, dir);
    if ('error' in result) throw new Error(result.error);
    expect(result.resources.map((r) => `${String(r.object['kind'])}/${String((r.object['metadata'] as { name: string }).name)}`)).toEqual(['Pod/web']);
    // the caller's Chart.yaml is untouched (only the private copy is edited)
    expect(readFileSync(join(dir, 'shop/Chart.yaml'), 'utf8')).toBe(CHART);
    let out = '';
    await run(['check', 'shop', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
    const report = JSON.parse(out) as { findings: { file: string; line: number; rule: string }[] };
    expect(report.findings.find((f) => f.rule === 'autogen-baseline' || f.rule === 'baseline')).toMatchObject({ file: 'shop/templates/pod.yaml', line: 10 });
  });

  it('stays helm\'s error when a values file turns it on, naming only that dependency', async () => {
    const cache = await renderRoot({ path: 'shop', renderer: 'helm', valuesFiles: ['cache-on.yaml'] }, dir);
    expect('error' in cache && cache.error).toMatch(/missing in charts\/ directory: cache$/m);
    const search = await renderRoot({ path: 'shop', renderer: 'helm', valuesFiles: ['extras-on.yaml'] }, dir);
    expect('error' in search && search.error).toMatch(/missing in charts\/ directory: search$/m);
  });

  it('is read from requirements.yaml in a chart of apiVersion v1; the one left on is the error, on its entry', async () => {
    let out = '';
    const code = await run(['check', 'legacy', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
    expect(code).toBe(1);
    const [finding] = (JSON.parse(out) as { findings: { rule: string; message: string; file: string; line: number }[] }).findings;
    expect(finding).toMatchObject({ rule: 'render-error', file: 'legacy/requirements.yaml', line: 6 });
    expect(finding?.message).toMatch(/missing in charts\/ directory: metrics$/m);
    const off = await renderRoot({ path: 'legacy', renderer: 'helm' }, dir, { helmSet: ['metrics.enabled=false'] });
    expect('error' in off ? off.error : '').toBe('');
  });

  it('is read from requirements.yaml in a chart of apiVersion v2 whose Chart.yaml lists none, as helm reads it', async () => {
    const result = await renderRoot({ path: 'migrated', renderer: 'helm' }, dir);
    expect('error' in result && result.error).toMatch(/^migrated\/requirements\.yaml:2:3: .*missing in charts\/ directory: stack$/ms);
  });

  it('follows a --set of the boolean its condition reads; another --set of the same key leaves it in place', async () => {
    const off = await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=false'] });
    expect('error' in off ? off.error : '').toBe('');
    const on = await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=true'] });
    expect('error' in on && on.error).toMatch(/missing in charts\/ directory: cache$/m);
    const unknown = await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=yes'] });
    expect('error' in unknown && unknown.error).toMatch(/missing in charts\/ directory: cache$/m);
  });
});
