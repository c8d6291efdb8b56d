import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { schemaErrorPlace } from '../src/render/helm/schema-error-place.ts';
import { parseRangedDocuments } from '../src/render/yaml-ranges.ts';

const tree = mkdtempSync(join(tmpdir(), 'preadmit-helm-schema-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function writeChart(): void {
  mkdirSync(join(tree, 'charts/dns/templates'), { recursive: true });
  writeFileSync(join(tree, 'charts/dns/Chart.yaml'), 'apiVersion: v2\nname: dns\nversion: 1.0.0\n');
  writeFileSync(join(tree, 'charts/dns/values.yaml'), 'replicas: 1\n# must be set\npolicy:\nimage:\n  tag: "1.0"\n');
  writeFileSync(
    join(tree, 'charts/dns/values.schema.json'),
    JSON.stringify({ type: 'object', properties: { policy: { type: 'string', enum: ['sync', 'upsert-only'] }, image: { type: 'object', properties: { tag: { type: 'string' } } } } }),
  );
  writeFileSync(join(tree, 'charts/dns/templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dns\ndata:\n  policy: {{ .Values.policy | quote }}\n');
  writeFileSync(join(tree, 'prod.yaml'), 'policy: sync\nimage:\n  tag: 2\n');
  mkdirSync(join(tree, 'charts/dns/ci'));
  writeFileSync(join(tree, 'charts/dns/ci/sync-values.yaml'), 'policy: sync\n');
}

describe('helm: values the chart schema refuses', () => {
  writeChart();

  it('are placed on the value in the chart values.yaml, with what to do', async () => {
    const result = await renderRoot({ path: 'charts/dns', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
    expect('error' in result).toBe(true);
    const error = 'error' in result ? result.error : '';
    expect(error).toMatch(/^charts\/dns\/values\.yaml:3:1: /);
    expect(error).toContain("at '/policy'");
    expect(error).toContain("values.schema.json refuses these values");
    // chart-testing's values files are named, with the configuration that renders the chart with one
    expect(error).toContain('The chart keeps values files for its tests in charts/dns/ci/ (charts/dns/ci/sync-values.yaml): to render it with one, give roots: {charts: {"charts/dns": {valuesFiles: ["charts/dns/ci/sync-values.yaml"]}}}');
  });

  it('render with the ci values file the hint names', async () => {
    const result = await renderRoot({ path: 'charts/dns', renderer: 'helm', valuesFiles: ['charts/dns/ci/sync-values.yaml'] }, tree, { timeoutMs: 60_000 });
    expect('error' in result ? result.error : 'rendered').toBe('rendered');
  });

  it('are placed in the user values file that sets them last', async () => {
    const result = await renderRoot({ path: 'charts/dns', renderer: 'helm', valuesFiles: ['prod.yaml'] }, tree, { timeoutMs: 60_000 });
    expect('error' in result && result.error).toMatch(/^prod\.yaml:3:3: .*at '\/image\/tag'/s);
    // values were given: the ci/ files are not pressed on the user
    expect('error' in result && result.error).not.toContain('ci/');
  });

  it('are left unplaced for another chart or a value no file sets', () => {
    const values = [{ file: 'values.yaml', doc: parseRangedDocuments('a: 1\n')[0], prefix: [] }];
    const report = (chart: string, pointer: string): string => `Error: values don't meet the specifications of the schema(s) in the following chart(s):\n${chart}:\n- at '${pointer}': got null, want string\n`;
    expect(schemaErrorPlace(report('dns', '/a'), 'dns', values)).toBe('values.yaml:1:1');
    expect(schemaErrorPlace(report('sub', '/a'), 'dns', values)).toBeUndefined();
    expect(schemaErrorPlace(report('dns', '/b'), 'dns', values)).toBeUndefined();
    expect(schemaErrorPlace(report('dns', ''), 'dns', values)).toBeUndefined();
    expect(schemaErrorPlace('Error: something else', 'dns', values)).toBeUndefined();
  });
});
