/**
 * Issue 9: findings on rendered Kustomize and Helm resources sit on the line a person edits,
 * and their fixes are written where the value belongs — never an overlay's value into a base
 * two overlays share, the overlay's own patch when it sets the field, a values-file line when
 * a chart renders the field from values, and no edit (with the reason) when a template writes
 * it. The repository: a base shared by two overlays with name prefixes and commonLabels, a
 * patch that sets a field, a component, a chart rendering a field from values and one that
 * hard-codes it.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

interface Edit { file: string; startLine: number; endLine: number; lines: string[] }
interface JsonFinding {
  file: string;
  line: number;
  policy: string;
  rule: string;
  path: string;
  fixable: boolean;
  edits?: Edit[];
  fixNote?: string;
  roots?: string[];
  resource: { kind: string; name: string };
}

const fixtures = join(import.meta.dirname, 'fixtures');
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'preadmit-ownership-'));
  cpSync(join(fixtures, 'ownership'), join(dir, 'repo'), { recursive: true });
  cpSync(join(fixtures, 'ownership-policies'), join(dir, 'policies'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function check(...extra: string[]): Promise<{ code: number; findings: JsonFinding[]; roots: { path: string; resources: number }[]; stderr: string }> {
  let out = '';
  let stderr = '';
  const code = await run(['check', 'repo', '--policies', 'policies', '--format', 'json', ...extra], { stdout: (t) => (out += t), stderr: (t) => (stderr += t), cwd: dir });
  const report = JSON.parse(out) as { findings: JsonFinding[]; roots: { path: string; resources: number }[] };
  return { code, findings: report.findings, roots: report.roots, stderr };
}

const text = (file: string): string => readFileSync(join(dir, file), 'utf8');
const lineOf = (file: string, line: number): string => text(file).split('\n')[line - 1] ?? '';
const find = (findings: JsonFinding[], policy: string, file: string): JsonFinding | undefined => findings.find((f) => f.policy === policy && f.file === file);

describe('findings and fixes on a base shared by two overlays, a component and two charts', () => {
  it('puts every finding on a line of a file, never on a directory', async () => {
    const { findings } = await check();
    expect(findings.length).toBeGreaterThan(20);
    for (const f of findings) {
      expect(statSync(join(dir, f.file)).isFile(), `${f.file}:${f.line} (${f.policy})`).toBe(true);
      expect(f.line).toBeGreaterThan(0);
      expect(lineOf(f.file, f.line).trim(), `${f.file}:${f.line}`).not.toBe('');
    }
  });

  it('places a missing field on its deepest parent in the base, list items on their `- ` line, and fields a patch or component sets there', async () => {
    const { findings } = await check();
    const automount = find(findings, 'automount-sa-token-disabled', 'repo/kustomize/base/deployment.yaml');
    expect(lineOf(automount?.file ?? '', automount?.line ?? 0).trim()).toBe('spec:');
    expect(automount?.roots).toHaveLength(2);
    const requests = find(findings, 'require-requests-limits', 'repo/kustomize/base/deployment.yaml');
    expect(lineOf(requests?.file ?? '', requests?.line ?? 0).trim()).toBe('- name: web');
    // the staging patch sets privileged: true; production's component adds the securityContext
    const privileged = find(findings, 'no-privileged', 'repo/kustomize/overlays/staging/debug.yaml');
    expect(lineOf(privileged?.file ?? '', privileged?.line ?? 0).trim()).toBe('privileged: true');
    const restricted = findings.find((f) => f.policy === 'pod-security-restricted' && f.roots?.includes('repo/kustomize/overlays/production'));
    expect(restricted?.file).toBe('repo/kustomize/components/hardening/read-only.yaml');
    // Helm: a list item of a template on its `- ` line, a values key on its values-file line
    const helmItem = findings.find((f) => f.policy === 'require-requests-limits' && f.file === 'repo/helm/hard-coded/templates/daemonset.yaml');
    expect(lineOf(helmItem?.file ?? '', helmItem?.line ?? 0).trim()).toBe('- name: agent');
    const fromValues = find(findings, 'no-privileged', 'repo/helm/from-values/values.yaml');
    expect(lineOf(fromValues?.file ?? '', fromValues?.line ?? 0).trim()).toBe('privileged: true');
  });

  it('writes fixes where the value belongs, and says why when it cannot', async () => {
    const { findings } = await check();
    // a fix every overlay needs is one edit of the shared base
    const automount = find(findings, 'automount-sa-token-disabled', 'repo/kustomize/base/deployment.yaml');
    expect(automount?.fixable).toBe(true);
    expect(automount?.edits?.map((e) => [e.file, e.lines])).toEqual([['repo/kustomize/base/deployment.yaml', ['      automountServiceAccountToken: false']]]);
    // a label value derived from an overlay's name prefix is not written into the base
    const labels = findings.filter((f) => f.policy === 'recommended-labels' && f.file.startsWith('repo/kustomize/'));
    expect(labels.length).toBeGreaterThan(0);
    for (const f of labels) {
      expect(f.fixable).toBe(false);
      expect(f.fixNote).toMatch(/comes from the overlay/);
    }
    // the overlay's own patch sets privileged: true, so the edit is there, not in the base
    const privileged = find(findings, 'no-privileged', 'repo/kustomize/overlays/staging/debug.yaml');
    expect(privileged?.edits).toEqual([{ file: 'repo/kustomize/overlays/staging/debug.yaml', startLine: 12, endLine: 12, lines: ['            privileged: false'] }]);
    // Helm: from values → the values-file line; hard-coded in the template → no edit, and why
    const fromValues = find(findings, 'no-privileged', 'repo/helm/from-values/values.yaml');
    expect(fromValues?.edits).toEqual([{ file: 'repo/helm/from-values/values.yaml', startLine: 4, endLine: 4, lines: ['  privileged: false'] }]);
    const hardCoded = find(findings, 'no-privileged', 'repo/helm/hard-coded/templates/daemonset.yaml');
    expect(hardCoded?.fixable).toBe(false);
    expect(hardCoded?.edits ?? []).toEqual([]);
    expect(hardCoded?.fixNote).toMatch(/the template at repo\/helm\/hard-coded\/templates\/daemonset\.yaml:18 writes this/);
    // no edit puts a key anywhere but where the resource has it
    for (const f of findings) {
      for (const e of f.edits ?? []) for (const line of e.lines) expect(line, `${f.policy} ${e.file}`).not.toMatch(/^\s{4,6}app\.kubernetes\.io\/instance:/);
    }
  });

  it('--fix keeps every root rendering the same resources, writes no overlay value into the base and fixes what it claims', async () => {
    const before = await check();
    const claimed = before.findings.filter((f) => f.fixable);
    expect(claimed.length).toBeGreaterThanOrEqual(4);
    const base = text('repo/kustomize/base/deployment.yaml');
    await run(['check', 'repo', '--policies', 'policies', '--fix'], { stdout: () => undefined, stderr: () => undefined, cwd: dir });
    const after = await check();
    expect(after.roots).toEqual(before.roots);
    const fixedBase = text('repo/kustomize/base/deployment.yaml');
    expect(fixedBase).not.toBe(base);
    expect(fixedBase).not.toMatch(/staging|production/);
    expect(fixedBase.startsWith(base.split('\n').slice(0, 20).join('\n'))).toBe(true);
    expect(text('repo/helm/hard-coded/templates/daemonset.yaml')).toContain('privileged: true');
    expect(text('repo/helm/from-values/values.yaml')).toContain('privileged: false');
    // what --fix claimed to fix is gone; nothing it fixed comes back as fixable
    const key = (f: JsonFinding): string => `${f.policy}/${f.rule}/${f.resource.kind}/${f.resource.name}/${f.path}`;
    const remaining = new Set(after.findings.map(key));
    expect(claimed.filter((f) => remaining.has(key(f))).map(key)).toEqual([]);
    expect(after.findings.filter((f) => f.fixable)).toEqual([]);
    expect(existsSync(join(dir, 'repo/kustomize/overlays/staging/debug.yaml'))).toBe(true);
  });
});
