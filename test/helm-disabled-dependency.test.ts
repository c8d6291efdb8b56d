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

  it('stays helm\'s error when --set writes the key its condition reads', async () => {
    const result = await renderRoot({ path: 'shop', renderer: 'helm' }, dir, { helmSet: ['cache.enabled=false'] });
    expect('error' in result && result.error).toMatch(/missing in charts\/ directory: cache/);
  });
});
