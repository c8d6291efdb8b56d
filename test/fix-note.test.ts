/**
 * Issue 12: why a fix cannot be written as an edit is said on the finding (text: under its
 * fix; JSON: fixNote), not on standard error — unless --fix or --diff asked for the fixes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-fix-note-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'pod.yaml'),
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/a/b:1.0.0\n      securityContext: &sc\n        privileged: true\n    - name: b\n      image: ghcr.io/a/b:1.0.0\n      securityContext: *sc\n',
);

async function check(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  await run(['check', 'pod.yaml', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { out, err };
}

describe('a fix that cannot be written as an edit', () => {
  it('is explained on the finding, with nothing on standard error', async () => {
    const text = await check();
    expect(text.err).toBe('');
    expect(text.out).toMatch(/\(not written by --fix: the fix cannot be written as an edit: .*anchored as &sc/);
    const json = await check('--format', 'json');
    expect(json.err).toBe('');
    const notes = (JSON.parse(json.out) as { findings: { fixNote?: string }[] }).findings.map((f) => f.fixNote).filter((n) => n !== undefined);
    expect(notes.some((n) => /anchored as &sc/.test(n))).toBe(true);
  });

  it('is listed on standard error when the fixes were asked for', async () => {
    const diff = await check('--diff');
    expect(diff.err).toMatch(/^preadmit check: pod\.yaml \(document 1\): the fix cannot be written as an edit/m);
  });
});
