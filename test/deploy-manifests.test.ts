import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const ROOT = join(import.meta.dirname, '..');

/** The manifests that run preadmit itself (N replicas and Redis) pass preadmit's own built-in policies. */
describe('deploy/kubernetes', () => {
  it('renders through kustomize and has no finding against the built-in policies', async () => {
    let out = '';
    let err = '';
    const code = await run(['check', 'deploy/kubernetes', '--format', 'json'], { stdout: (t) => (out += t + '\n'), stderr: (t) => (err += t + '\n'), cwd: ROOT });
    const report = JSON.parse(out) as { findings: Array<{ policy: string; rule: string; file: string }>; roots: Array<{ path: string; renderer: string; resources: number }> };
    expect(err).toBe('');
    expect(report.roots).toEqual([{ path: 'deploy/kubernetes', renderer: 'kustomize', resources: 10 }]);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});
