/**
 * Issue 2, refined by issue 11: a policy with an unknown anchor is refused at load (as Kyverno's
 * webhook refuses it) with one located error and exit 2; a variable that does not resolve on a
 * resource is an error finding on that resource, never a pass.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = join(import.meta.dirname, 'fixtures', 'hostile-policy');

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['check', 'pod.yaml', '--no-builtin', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t + '\n'), cwd: dir });
  return { code, out, err };
}

describe('hostile policies', () => {
  it('refuses an unknown anchor at load: one located error, exit 2', async () => {
    const { code, out, err } = await check(['--policies', 'bad-anchor.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^preadmit check: policy bad-anchor\.yaml:15:13: ClusterPolicy "bad-anchor" rule "typo-anchor": `x\(hostPath\)` is not a Kyverno anchor; write one of/);
  });

  it('reports an unresolvable variable as a located error finding', async () => {
    const { out } = await check(['--policies', 'policies.yaml', '--format', 'json']);
    const { findings } = JSON.parse(out) as { findings: { file: string; line: number; policy: string; message: string }[] };
    const variable = findings.find((f) => f.policy === 'bad-variable');
    expect(variable?.message).toContain('request.object.spec.teamName');
    expect(variable?.file).toBe('test/fixtures/hostile-policy/pod.yaml');
    expect(variable?.line).toBeGreaterThan(0);
  });
});
