/**
 * Issue 12: `check --values FILE` / `--set K=V` give Helm roots the values a chart does not
 * default, and a chart failing for a missing value says how to give them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';
import { withHelmHints } from '../src/render/helm/render-helm.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-helm-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
writeFileSync(join(dir, 'chart', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  host: {{ .Values.db.host }}\n');
writeFileSync(join(dir, 'ci-values.yaml'), 'db:\n  host: postgres\n');

interface Json {
  findings: { rule: string; message: string }[];
  roots: { path: string; renderer: string; resources: number }[];
}

async function check(...args: string[]): Promise<{ code: number; json?: Json; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['check', 'chart', '--format', 'json', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { code, err, ...(out ? { json: JSON.parse(out) as Json } : {}) };
}

describe('check --values / --set for Helm roots', () => {
  it('says how to give values when the chart fails for a missing one', async () => {
    const { json } = await check();
    expect(json?.findings.map((f) => f.rule)).toEqual(['render-error']);
    expect(json?.findings[0]?.message).toMatch(/nil pointer evaluating[\s\S]*The chart needs values it does not default: give them with preadmit check --values FILE or --set key=value, or list the chart's values files under roots\.charts/);
  });

  it('renders the chart with the given values file or assignment', async () => {
    for (const args of [['--values', 'ci-values.yaml'], ['--set', 'db.host=postgres']]) {
      const { json, code } = await check(...args);
      expect(json?.findings).toEqual([]);
      // the root names the values files it rendered with
      expect(json?.roots).toEqual([{ path: 'chart', renderer: 'helm', ...(args[0] === '--values' ? { valuesFiles: ['ci-values.yaml'] } : {}), resources: 1 }]);
      expect(code).toBe(0);
    }
  });

  it('refuses a missing values file and an assignment without =, exit 2', async () => {
    expect(await check('--values', 'nope.yaml')).toMatchObject({ code: 2, err: expect.stringContaining('--values nope.yaml: no such file') });
    expect(await check('--set', 'db.host')).toMatchObject({ code: 2, err: expect.stringContaining('expected key=value') });
  });

  it('leaves other render errors as they are', () => {
    expect(withHelmHints('Error: parse error at (web/templates/cm.yaml:3): unexpected "}"')).not.toContain('--values');
  });

  it("hints at values for a chart's own fail wording, and drops Helm's --debug advice", () => {
    const said = withHelmHints("Error: execution error at (web/templates/NOTES.txt:2:3): [ERROR] 'image.repository' must be set.\n\nUse --debug flag to render out invalid YAML");
    expect(said).toContain("'image.repository' must be set.");
    expect(said).toContain('give them with preadmit check --values FILE or --set key=value');
    expect(said).not.toContain('--debug');
  });

  it('says how to vendor a dependency the chart does not hold, since nothing is fetched', () => {
    const said = withHelmHints('Error: an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis');
    expect(said).toContain('missing in charts/ directory: redis');
    expect(said).toContain('never fetches chart dependencies: run helm dependency build on the chart and commit the archives in its charts/ directory');
    expect(said).not.toContain('--values');
  });

  it('leaves out helm 4\'s log lines before its error', () => {
    const said = withHelmHints('level=WARN msg="this chart is deprecated"\nError: execution error at (web/templates/cm.yaml:4:9): \'address\' must be set');
    expect(said.startsWith("Error: execution error at (web/templates/cm.yaml:4:9): 'address' must be set")).toBe(true);
    expect(said).not.toContain('level=WARN');
  });
});

describe('the JSON roots of a chart rendered once per values-<env>.yaml', () => {
  it('tell the variants of one path apart by name and values files', async () => {
    const variants = mkdtempSync(join(tmpdir(), 'preadmit-helm-variants-'));
    try {
      mkdirSync(join(variants, 'web', 'templates'), { recursive: true });
      writeFileSync(join(variants, 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
      writeFileSync(join(variants, 'web', 'values.yaml'), 'env: dev\n');
      writeFileSync(join(variants, 'web', 'values-prod.yaml'), 'env: prod\n');
      writeFileSync(join(variants, 'web', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-{{ .Values.env }}\n');
      let out = '';
      await run(['check', 'web', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: variants });
      expect((JSON.parse(out) as Json).roots).toEqual([
        { path: 'web', renderer: 'helm', resources: 1 },
        { path: 'web', renderer: 'helm', name: 'web:prod', valuesFiles: ['web/values-prod.yaml'], resources: 1 },
      ]);
    } finally {
      rmSync(variants, { recursive: true, force: true });
    }
  });
});
