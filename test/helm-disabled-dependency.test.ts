/**
 * A chart dependency missing from charts/ that the values turn off (condition or tags) is left
 * out, as a GitOps tool that fetched it would render nothing of it. One that is on and comes
 * from a chart repository is left out too, and reported (a blocking render error on its entry):
 * the rest of the chart is checked. The chart stays helm's error when it does not render
 * without the dependency, or when the dependency names no repository.
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
// a chart whose template needs its dependency's named template, and one whose dependency names no repository
write('needs/Chart.yaml', 'apiVersion: v2\nname: needs\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 1.0.0\n    repository: oci://registry.example.com/charts\n');
write('needs/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "lib.name" . }}\n');
write('bare/Chart.yaml', 'apiVersion: v2\nname: bare\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 1.0.0\n');
write('bare/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bare\n');
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

  it('is left out and reported when a values file turns it on: the rest of the chart renders, the report names only that dependency', async () => {
    const cache = await renderRoot({ path: 'shop', renderer: 'helm', valuesFiles: ['cache-on.yaml'] }, dir);
    if ('error' in cache) throw new Error(cache.error);
    expect(cache.resources.map((r) => r.object['kind'])).toEqual(['Pod']);
    expect(cache.omitted).toHaveLength(1);
    expect(cache.omitted?.[0]).toMatch(/^shop\/Chart\.yaml:5:5: dependency "cache" \(https:\/\/charts\.example\.com\/stable\) is not in shop\/charts\/.*nothing "cache" deploys was checked\. Run helm dependency build/);
    const search = await renderRoot({ path: 'shop', renderer: 'helm', valuesFiles: ['extras-on.yaml'] }, dir);
    expect('error' in search ? [] : (search.omitted ?? []).map((m) => /dependency "(\w+)"/.exec(m)?.[1])).toEqual(['search']);
  });

  it('is read from requirements.yaml in a chart of apiVersion v1; the one left on is a blocking error on its entry, and the rest is checked', async () => {
    let out = '';
    const code = await run(['check', 'legacy', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
    expect(code).toBe(1);
    const findings = (JSON.parse(out) as { findings: { rule: string; message: string; file: string; line: number; action: string }[] }).findings;
    const partial = findings.filter((f) => f.rule === 'render-error');
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ file: 'legacy/requirements.yaml', line: 6, action: 'Enforce' });
    expect(partial[0]?.message).toMatch(/^helm rendered legacy only in part: .*dependency "metrics"/);
    // the chart's own ConfigMap was rendered, to be checked
    const legacy = await renderRoot({ path: 'legacy', renderer: 'helm' }, dir);
    expect('error' in legacy ? legacy.error : legacy.resources.map((r) => r.object['kind'])).toEqual(['ConfigMap']);
    const off = await renderRoot({ path: 'legacy', renderer: 'helm' }, dir, { helmSet: ['metrics.enabled=false'] });
    expect('error' in off ? off.error : (off.omitted ?? []).join('')).toBe('');
  });

  it('is read from requirements.yaml in a chart of apiVersion v2 whose Chart.yaml lists none, as helm reads it', async () => {
    const result = await renderRoot({ path: 'migrated', renderer: 'helm' }, dir);
    expect('error' in result ? result.error : result.omitted?.join('\n')).toMatch(/^migrated\/requirements\.yaml:2:3: dependency "stack"/);
  });

  it('stays helm\'s error when the chart does not render without it, or when it names no repository to fetch it from', async () => {
    const needs = await renderRoot({ path: 'needs', renderer: 'helm' }, dir);
    expect('error' in needs && needs.error).toMatch(/missing in charts\/ directory: lib$/m);
    const bare = await renderRoot({ path: 'bare', renderer: 'helm' }, dir);
    expect('error' in bare && bare.error).toMatch(/missing in charts\/ directory: lib$/m);
  });

  it('follows a --set of the boolean its condition reads; another --set of the same key leaves it in place, reported', async () => {
    const names = (result: Awaited<ReturnType<typeof renderRoot>>): unknown => ('error' in result ? result.error : (result.omitted ?? []).map((m) => /dependency "(\w+)"/.exec(m)?.[1]));
    expect(names(await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=false'] }))).toEqual([]);
    expect(names(await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=true'] }))).toEqual(['cache']);
    expect(names(await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=yes'] }))).toEqual(['cache']);
  });
});
