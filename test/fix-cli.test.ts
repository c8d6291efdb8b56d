/** Issue 4: `check --fix` / `--diff` write composed, format-preserving fixes; a second check is clean. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'preadmit-fix-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'fix-cli'), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: dir });
  return { code, out };
}

const base = ['check', 'repo', '--no-builtin', '--policies', 'policies'];

describe('check --fix', () => {
  it('gives each finding the edit of its own fix; --diff writes them combined', async () => {
    const { out } = await cli([...base, '--format', 'json']);
    const { findings } = JSON.parse(out) as { findings: { rule: string; fixable: boolean; edits?: { startLine: number; endLine: number; lines: string[] }[] }[] };
    expect(findings.map((f) => `${f.rule}:${f.fixable}`).sort()).toEqual(['autogen-memory-limit:true', 'autogen-non-root:true']);
    const edits = new Map(findings.map((f) => [f.rule, f.edits]));
    expect(edits.get('autogen-non-root')).toEqual([{ file: 'repo/apps.yaml', startLine: 27, endLine: 26, lines: ['          securityContext:', '            runAsNonRoot: true'] }]);
    expect(edits.get('autogen-memory-limit')).toEqual([{ file: 'repo/apps.yaml', startLine: 27, endLine: 26, lines: ['          resources:', '            limits:', '              memory: 256Mi'] }]);
    const diff = await cli([...base, '--diff']);
    expect(diff.out).toContain(['+          securityContext:', '+            runAsNonRoot: true', '+          resources:', '+            limits:', '+              memory: 256Mi'].join('\n'));
  });

  it('lists each fix under its finding in text output', async () => {
    const { out } = await cli(base);
    expect(out).toContain('runAsNonRoot: true');
    expect(out).toMatch(/Run every container as non-root/);
  });

  it('prints a unified diff with --diff and leaves the file alone', async () => {
    const before = readFileSync(join(dir, 'repo', 'apps.yaml'), 'utf8');
    const { out } = await cli([...base, '--diff']);
    expect(out).toContain('+++ b/repo/apps.yaml');
    expect(out).toContain('+              memory: 256Mi');
    expect(readFileSync(join(dir, 'repo', 'apps.yaml'), 'utf8')).toBe(before);
  });

  it('writes the fix, keeps every other byte, and the re-check is clean', async () => {
    const before = readFileSync(join(dir, 'repo', 'apps.yaml'), 'utf8').split('\n');
    const { code } = await cli([...base, '--fix']);
    expect(code).toBe(0);
    const after = readFileSync(join(dir, 'repo', 'apps.yaml'), 'utf8').split('\n');
    // only the five inserted lines differ: the original lines survive byte for byte, in order
    expect([...after.slice(0, 26), ...after.slice(31)]).toEqual(before);
    const again = await cli([...base, '--format', 'json']);
    expect((JSON.parse(again.out) as { findings: unknown[] }).findings).toEqual([]);
  });
});

describe('check with policies that disagree', () => {
  it('yields a conflict finding naming both policies and the one that wins', async () => {
    let out = '';
    await run(['check', 'pod.yaml', '--no-builtin', '--policies', 'policies.yaml', '--format', 'json'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      cwd: join(import.meta.dirname, 'fixtures', 'fix-conflict'),
    });
    const { findings } = JSON.parse(out) as { findings: { policy: string; rule: string; message: string; fixable: boolean; path: string }[] };
    const conflict = findings.find((f) => f.message.startsWith('conflict:'));
    expect(conflict).toMatchObject({ policy: 'dev-pull-cached', rule: 'pull-cached', fixable: false, path: '/spec/containers/0/imagePullPolicy' });
    expect(conflict?.message).toContain('ops-pull-always/pull-always (operations) sets /spec/containers/0/imagePullPolicy to "Always"');
    expect(conflict?.message).toContain('ops-pull-always wins');
    expect(findings.find((f) => f.policy === 'ops-pull-always')?.fixable).toBe(true);
  });
});
