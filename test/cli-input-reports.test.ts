/**
 * Issue 12: what `check` cannot judge is said, never skipped silently — an object without
 * apiVersion is a located finding (kustomization files and non-Kubernetes YAML stay quiet),
 * and a file reported as invalid counts no resources in roots[].resources.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policies = join(import.meta.dirname, 'fixtures', 'cli', 'policies', 'no-privileged.yaml');

writeFileSync(join(dir, 'noapi.yaml'), '# forgot the apiVersion\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n');
writeFileSync(join(dir, 'kustomization.yaml'), 'kind: Kustomization\nresources: [noapi.yaml]\n');
writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 2\nimage: {tag: 1.0.0}\n');
writeFileSync(join(dir, 'invalid.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');

interface Json {
  findings: { file: string; line: number; rule: string; message: string }[];
  roots: { path: string; resources: number }[];
}

async function check(args: string[]): Promise<{ code: number; json: Json }> {
  let out = '';
  const code = await run(['check', ...args, '--no-builtin', '--policies', policies, '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
  return { code, json: JSON.parse(out) as Json };
}

describe('check: inputs it cannot judge', () => {
  it('reports a Kubernetes object without apiVersion on its document, with the apiVersion to add', async () => {
    for (const args of [['noapi.yaml'], ['noapi.yaml', '--no-render']]) {
      const { code, json } = await check(args);
      expect(code).toBe(1);
      expect(json.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['noapi.yaml:2 invalid-manifest']);
      expect(json.findings[0]?.message).toBe("This Deployment 'web' has no apiVersion, so Kubernetes cannot apply it and no policy checked it. Add apiVersion (apps/v1 for a Deployment) above kind.");
    }
  });

  it('leaves kustomization files and plain YAML alone', async () => {
    const { json } = await check(['kustomization.yaml', 'values.yaml', '--no-render']);
    expect(json.findings).toEqual([]);
  });

  it('counts no resources for a file reported as invalid', async () => {
    const { json } = await check(['invalid.yaml']);
    expect(json.findings.map((f) => f.rule)).toEqual(['invalid-manifest']);
    expect(json.roots).toEqual([{ path: 'invalid.yaml', renderer: 'plain', resources: 0 }]);
  });
});
