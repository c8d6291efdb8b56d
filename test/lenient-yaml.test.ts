/**
 * A manifest kubectl reads though a quoted value's lines sit at its key's indentation: checked
 * as kubectl reads it, findings on their lines, a notice that does not block, and no fix written
 * into it (the planner's strict reading of the file would not be the document checked).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-lenient-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: greeter
spec:
  containers:
  - name: main
    image: ghcr.io/acme/greeter:1.0.0
    args: ["say hello
    to everyone"]
    securityContext:
      privileged: true
`;
writeFileSync(join(dir, 'pod.yaml'), POD);

async function check(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await run(['check', 'pod.yaml', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { out, err, code };
}

interface JsonFinding { line: number; policy: string; rule: string; severity: string; action: string; fixable: boolean; fixNote?: string }

describe('a document only a lenient YAML reader reads', () => {
  it('is checked, its findings on their lines, with a notice that does not block', async () => {
    const { out, code } = await check('--format', 'json');
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    const notice = findings.find((f) => f.rule === 'lenient-yaml');
    expect(notice).toMatchObject({ policy: 'preadmit', line: 9, severity: 'low', action: 'Audit' });
    // the privileged container is found on its line, and blocks as it would anywhere
    const baseline = findings.find((f) => f.policy === 'pod-security-baseline');
    expect(baseline?.line).toBe(12);
    expect(findings.some((f) => f.rule === 'invalid-manifest')).toBe(false);
    expect(code).toBe(1);
  });

  it('gets no fix written into it, and says why on each fixable finding', async () => {
    const { out } = await check('--format', 'json');
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    const withNotes = findings.filter((f) => f.fixNote !== undefined);
    expect(withNotes.length).toBeGreaterThan(0);
    for (const f of withNotes) {
      expect(f.fixable).toBe(false);
      expect(f.fixNote).toMatch(/breaks a YAML 1\.2 rule/);
    }
    await check('--fix');
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(POD);
  });
});
