/** Issue 2: a policy with an unknown anchor or an undefined variable yields a clear error finding, never a pass. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = join(import.meta.dirname, 'fixtures', 'hostile-policy');

describe('hostile policies', () => {
  it('reports an unknown anchor and an unresolvable variable as located errors', async () => {
    let out = '';
    const code = await run(['check', 'pod.yaml', '--no-builtin', '--policies', 'policies.yaml', '--format', 'json'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      cwd: dir,
    });
    const { findings } = JSON.parse(out) as { findings: { file: string; line: number; policy: string; message: string }[] };
    const anchor = findings.find((f) => f.policy === 'bad-anchor');
    const variable = findings.find((f) => f.policy === 'bad-variable');
    expect(anchor?.message).toMatch(/invalid pattern/i);
    expect(anchor?.message).toContain('x(hostPath)');
    expect(variable?.message).toContain('request.object.spec.teamName');
    expect(anchor?.file).toBe('test/fixtures/hostile-policy/pod.yaml');
    expect(anchor?.line).toBeGreaterThan(0);
    expect(code).toBe(1);
  });
});
