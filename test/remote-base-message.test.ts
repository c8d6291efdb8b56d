/**
 * Issue 12: a remote kustomize base is refused with advice that exists (vendor it), not a
 * configuration setting that does not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-remote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'overlay'));
writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), 'resources:\n  - https://github.com/acme/base//deploy?ref=v1\n  - cm.yaml\n');
writeFileSync(join(dir, 'overlay', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');

describe('a remote kustomize resource', () => {
  it('is a located render error that says to vendor it', async () => {
    let out = '';
    const code = await run(['check', 'overlay', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
    expect(code).toBe(1);
    const [finding] = (JSON.parse(out) as { findings: { rule: string; message: string }[] }).findings;
    expect(finding?.rule).toBe('render-error');
    expect(finding?.message).toContain('overlay/kustomization.yaml:2:5: remote resource "https://github.com/acme/base//deploy?ref=v1" is not fetched');
    expect(finding?.message).toContain('Vendor it into the repository (copy the base, or run `kustomize localize`)');
    expect(finding?.message).not.toMatch(/allow remote resources in the configuration/);
  });
});
