/**
 * Issue 6: `check --base` on a local repository. A change to a Kustomize base affects two
 * overlays: its new finding is reported once, on the base's source line, naming both
 * overlays, and the rendered diff lists the changed resource of both.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

let repo = '';
const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'preadmit-repo-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'base-head'), repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
  const file = join(repo, 'base', 'deployment.yaml');
  writeFileSync(file, readFileSync(file, 'utf8') + '          securityContext:\n            privileged: true\n');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

interface Json {
  findings: { file: string; line: number; rule: string; roots: string[]; classification: string; message: string; fixable: boolean; edits?: { file: string; startLine: number; lines: string[] }[] }[];
  fixed: unknown[];
  roots: { path: string; renderer: string; resources: number }[];
  changes: { change: string; resource: string; roots: string[]; diff: string }[];
}

describe('check --base on a kustomize base shared by two overlays', () => {
  it('reports the new finding once on the base line, naming both overlays, and the rendered diff of both', async () => {
    let out = '';
    let err = '';
    const code = await run(['check', '--base', 'main', '--no-builtin', '--policies', 'policy.yaml', '--format', 'json'], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      cwd: repo,
    });
    expect(err).toBe('');
    const json = JSON.parse(out) as Json;
    expect(json.roots.map((r) => `${r.path}:${r.renderer}:${r.resources}`).sort()).toEqual(['overlays/dev:kustomize:1', 'overlays/prod:kustomize:1']);
    expect(json.findings).toHaveLength(1);
    const finding = json.findings[0];
    expect(finding?.file).toBe('base/deployment.yaml');
    expect(readFileSync(join(repo, 'base', 'deployment.yaml'), 'utf8').split('\n')[(finding?.line ?? 0) - 1]).toContain('privileged: true');
    expect(finding?.roots.sort()).toEqual(['overlays/dev', 'overlays/prod']);
    expect(finding?.classification).toBe('new');
    // the fix is an edit of the one source file a person edits: the base, once for both overlays
    expect(finding?.fixable).toBe(true);
    expect(finding?.edits).toEqual([{ file: 'base/deployment.yaml', startLine: finding?.line, endLine: finding?.line, lines: ['            privileged: false'] }]);
    expect(json.changes.map((c) => `${c.change} ${c.resource}`).sort()).toEqual(['changed Deployment/dev/web', 'changed Deployment/prod/web']);
    expect(json.changes[0]?.diff).toMatch(/^\+\s+privileged: true$/m);
    expect(code).toBe(1);
  });

  it('sees nothing new when the working tree equals the base', async () => {
    git('stash', '-q');
    try {
      let out = '';
      const code = await run(['check', '--base', 'main', '--no-builtin', '--policies', 'policy.yaml', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: repo });
      const json = JSON.parse(out) as Json;
      expect(json.findings).toEqual([]);
      expect(json.changes).toEqual([]);
      expect(code).toBe(0);
    } finally {
      git('stash', 'pop', '-q');
    }
  });
});
