import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';

const tree = mkdtempSync(join(tmpdir(), 'preadmit-helm-remote-schema-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

// a schema that takes a definition from the network (as charts referring to kubernetes-json-schema do)
mkdirSync(join(tree, 'charts/runner/templates'), { recursive: true });
mkdirSync(join(tree, 'charts/runner/ci'));
writeFileSync(join(tree, 'charts/runner/Chart.yaml'), 'apiVersion: v2\nname: runner\nversion: 1.0.0\n');
writeFileSync(join(tree, 'charts/runner/values.yaml'), 'resources: {}\n');
writeFileSync(join(tree, 'charts/runner/ci/values.yaml'), 'resources: {}\n');
writeFileSync(
  join(tree, 'charts/runner/values.schema.json'),
  JSON.stringify({ type: 'object', properties: { resources: { $ref: 'https://schemas.example.invalid/v1.30/_definitions.json#/definitions/resources' } } }),
);
writeFileSync(join(tree, 'charts/runner/templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runner\n');

describe('helm: a values schema that refers to a schema on the network', () => {
  it('says the reference cannot be loaded offline and how to make it local, not that the values are wrong', async () => {
    const result = await renderRoot({ path: 'charts/runner', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
    const error = 'error' in result ? result.error : '';
    expect(error).toContain('failing loading "https://schemas.example.invalid/v1.30/_definitions.json"');
    expect(error).toContain("values.schema.json refers to a schema on the network (https://schemas.example.invalid/v1.30/_definitions.json), and preadmit renders without network access");
    expect(error).toContain('point the $ref at the copy');
    // no values file would help: neither the values hint nor the chart's ci/ files are offered
    expect(error).not.toContain('refuses these values');
    expect(error).not.toContain('ci/values.yaml');
  });
});
