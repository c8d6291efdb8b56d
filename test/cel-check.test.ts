import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'cel');
const here = 'test/fixtures/cel';

async function check(...policyDirs: string[]): Promise<{ code: number; findings: Record<string, unknown>[] }> {
  let out = '';
  const args = ['check', 'repo', '--no-builtin', '--no-render', '--format', 'json', ...policyDirs.flatMap((d) => ['--policies', join(fixtures, d)])];
  const code = await run(args, { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: fixtures });
  return { code, findings: (JSON.parse(out) as { findings: Record<string, unknown>[] }).findings };
}

describe('preadmit check with the CEL policy kinds', () => {
  it('blocks on a ValidatingPolicy and a ValidatingAdmissionPolicy that Deny, with findings on the field the expression reads', async () => {
    const { code, findings } = await check('deny');
    expect(code).toBe(1);
    const byPolicy = Object.fromEntries(findings.map((f) => [f['policy'], f]));
    // the ValidatingPolicy matches Pods; its autogen program judges the Deployment's template
    expect(byPolicy['require-run-as-non-root']).toMatchObject({
      file: `${here}/repo/web.yaml`,
      line: 16,
      rule: 'autogen-require-run-as-non-root',
      action: 'Enforce',
      severity: 'high',
      path: '/spec/template/spec/containers',
      message: 'Every container must set securityContext.runAsNonRoot to true.',
    });
    // the ValidatingAdmissionPolicy is blocking through its binding's validationActions: [Deny]
    expect(byPolicy['pinned-images']).toMatchObject({
      file: `${here}/repo/web.yaml`,
      line: 16,
      action: 'Enforce',
      path: '/spec/template/spec/containers',
    });
  });

  it('does not block on validationActions Warn, and turns a MutatingPolicy into a fix', async () => {
    const { code, findings } = await check('warn');
    expect(code).toBe(0);
    const byPolicy = Object.fromEntries(findings.map((f) => [f['policy'], f]));
    expect(byPolicy['max-replicas']).toMatchObject({
      line: 7,
      action: 'Audit',
      path: '/spec/replicas',
      message: 'replicas must be at most 5, not 8',
    });
    expect(byPolicy['default-pull-policy']).toMatchObject({
      action: 'Audit',
      fixable: true,
      path: '/spec/template/spec/containers/0',
      edits: [{ file: `${here}/repo/web.yaml`, startLine: 21, lines: ['          imagePullPolicy: IfNotPresent'] }],
    });
  });
});
