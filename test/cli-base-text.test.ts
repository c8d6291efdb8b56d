/**
 * Issue 12: `check --base` says which findings are new, existing or fixed, lists the fixed
 * ones, keeps a resource that only moved to another file existing, and narrows to the paths.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const policies = join(import.meta.dirname, 'fixtures', 'cli', 'policies', 'no-privileged.yaml');
let repo = '';
const git = (...args: string[]): string => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });

const pod = (name: string, privileged: boolean): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.0.0\n      securityContext:\n        privileged: ${privileged}\n`;

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'preadmit-base-text-'));
  write('apps/kept.yaml', pod('kept', true));
  write('apps/moving.yaml', pod('moving', true));
  write('jobs/fixed.yaml', pod('fixed', true));
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  // The change: one Pod gets a label (its finding stays), one moves to another file, one is
  // fixed, one is added privileged. Only the files the change touches are checked.
  write('apps/kept.yaml', pod('kept', true).replace('  name: kept\n', '  name: kept\n  labels: { team: shop }\n'));
  renameSync(join(repo, 'apps', 'moving.yaml'), join(repo, 'apps', 'moved-here.yaml'));
  write('jobs/fixed.yaml', pod('fixed', false));
  write('apps/added.yaml', pod('added', true));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['check', '--base', 'main', '--no-builtin', '--policies', policies, ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: repo });
  return { code, out, err };
}

const findingLines = (out: string): string[] => out.split('\n').filter((l) => /^\S+\.yaml:\d+:\d+ /.test(l));

describe('check --base: text output', () => {
  it('marks each finding new or existing, lists the fixed one, and keeps a moved resource existing', async () => {
    const { code, out, err } = await check([]);
    expect(err).toBe('');
    expect(code).toBe(1);
    const lines = findingLines(out);
    expect(lines.find((l) => l.startsWith('apps/added.yaml:'))).toContain('[blocking] [new] Container must not run privileged.');
    expect(lines.find((l) => l.startsWith('apps/kept.yaml:'))).toMatch(/test-no-privileged\/no-privileged {2}\[existing\] Container/);
    expect(lines.find((l) => l.startsWith('apps/moved-here.yaml:'))).toContain('[existing]');
    expect(out).toMatch(/Fixed by the change \(1; positions at the base\):\njobs\/fixed\.yaml:10:\d+ .*\[fixed\] Container must not run privileged\./);
    expect(lines.filter((l) => l.startsWith('apps/moving.yaml:'))).toEqual([]);
    expect(out).toContain('Against the base: 1 new, 2 existing, 1 fixed.');
    expect(out).toContain('1 blocking (Enforce)');
  });

  it('matches the moved finding in JSON too: nothing fixed but the fixed Pod', async () => {
    const { out } = await check(['--format', 'json']);
    const json = JSON.parse(out) as { findings: { file: string; classification: string }[]; fixed: { file: string }[] };
    expect(json.fixed.map((f) => f.file)).toEqual(['jobs/fixed.yaml']);
    expect(json.findings.map((f) => `${f.file} ${f.classification}`).sort()).toEqual(['apps/added.yaml new', 'apps/kept.yaml existing', 'apps/moved-here.yaml existing']);
  });

  it('narrows the check to the given paths', async () => {
    const { code, out } = await check(['jobs']);
    expect(code).toBe(0);
    expect(findingLines(out).filter((l) => !l.startsWith('jobs/'))).toEqual([]);
    expect(out).toContain('Against the base: 0 new, 0 existing, 1 fixed.');
    const apps = await check(['apps/kept.yaml']);
    expect(findingLines(apps.out).map((l) => l.split(':')[0])).toEqual(['apps/kept.yaml']);
    expect(apps.code).toBe(0);
  });
});
