import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'cli');
const policies = join(fixtures, 'policies');
/** Reported paths are relative to the repository root: this checkout. */
const here = 'test/fixtures/cli';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (t) => (out += t + '\n'), stderr: (t) => (err += t + '\n'), cwd: fixtures });
  return { code, out, err };
}

describe('preadmit check', () => {
  it('reports findings at the offending lines and exits 1 on Enforce findings', async () => {
    const { code, out } = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--format', 'json']);
    expect(code).toBe(1);
    const { findings, roots } = JSON.parse(out) as { findings: Record<string, unknown>[]; roots: unknown[] };
    expect(roots).toEqual([{ path: `${here}/repo/app.yaml`, renderer: 'plain', resources: 2 }]);
    expect(findings).toEqual([
      {
        file: `${here}/repo/app.yaml`,
        line: 19,
        column: 13,
        endLine: 19,
        endColumn: 29,
        policy: 'test-no-privileged',
        rule: 'autogen-no-privileged',
        layer: 'security',
        severity: 'high',
        action: 'Enforce',
        message: expect.stringContaining('Container must not run privileged.'),
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        path: '/spec/template/spec/containers/0/securityContext/privileged',
        fixable: false,
        roots: [`${here}/repo/app.yaml`],
      },
      {
        file: `${here}/repo/app.yaml`,
        line: 23,
        column: 1,
        endLine: 24,
        endColumn: 12,
        policy: 'test-team-label',
        rule: 'team-label',
        layer: 'security',
        severity: 'low',
        action: 'Audit',
        message: expect.stringContaining('Add the label `team`.'),
        resource: { apiVersion: 'v1', kind: 'Service', name: 'web' },
        path: '/metadata/labels',
        fixable: false,
        roots: [`${here}/repo/app.yaml`],
      },
    ]);
  });

  it('prints file:line:col severity policy/rule message in text', async () => {
    const { out } = await cli(['check', 'repo', '--no-builtin', '--policies', policies]);
    expect(out).toMatch(/repo\/app\.yaml:19:13\s+high\s+test-no-privileged\/autogen-no-privileged\s+\[blocking\] Container must not run privileged\./);
    // the Audit finding does not block, and is not marked
    expect(out).toMatch(/repo\/app\.yaml:23:1\s+low\s+test-team-label\/team-label {2}Add the label/);
    expect(out).toMatch(/1 blocking \(Enforce\)/);
    expect(out).toMatch(/\(\d+ rule evaluations?\)/);
  });

  it('prints one GitHub Actions workflow command per finding with --format github', async () => {
    const { code, out, err } = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--format', 'github']);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^::error file=test\/fixtures\/cli\/repo\/app\.yaml,line=19,endLine=19,col=13,endColumn=29,title=preadmit test-no-privileged\/autogen-no-privileged \(high%2C blocking\)::Container must not run privileged\./),
      expect.stringMatching(/^::notice file=test\/fixtures\/cli\/repo\/app\.yaml,line=23,endLine=24,title=preadmit test-team-label\/team-label \(low\)::Add the label/),
    ]);
  });

  it('exits 0 when only Audit findings remain', async () => {
    const { code } = await cli(['check', 'repo/notes.yaml', '--no-builtin', '--policies', policies]);
    expect(code).toBe(0);
  });

  it('reports invalid YAML as a located error and still evaluates the other files', async () => {
    const { code, out } = await cli(['check', 'broken', '--no-builtin', '--policies', policies, '--format', 'json']);
    expect(code).toBe(1);
    const { findings } = JSON.parse(out) as { findings: { file: string; line: number; policy: string; rule: string }[] };
    expect(findings.map((f) => `${f.file}:${f.line} ${f.policy}/${f.rule}`)).toEqual([
      expect.stringMatching(/^test\/fixtures\/cli\/broken\/bad\.yaml:\d+ preadmit\/invalid-manifest$/),
      'test/fixtures/cli/broken/good.yaml:9 test-no-privileged/no-privileged',
    ]);
  });

  it('exits 2 on usage errors and on missing paths', async () => {
    expect((await cli(['check', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['check', 'nowhere', '--no-builtin', '--policies', policies])).code).toBe(2);
    expect((await cli(['check', 'repo', '--no-builtin'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('says what is wrong in one line, exit 2: an unknown flag, --fix with --diff, --output into a missing folder', async () => {
    const unknown = await cli(['check', 'repo', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')[0]).toBe('preadmit check: unknown option --bogus');
    expect(unknown.err).not.toContain('To specify a positional argument');
    const both = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--fix', '--diff']);
    expect(both.code).toBe(2);
    expect(both.out).toBe('');
    expect(both.err).toMatch(/--fix and --diff exclude each other/);
    const output = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--output', 'missing-folder/report.json']);
    expect(output.code).toBe(2);
    expect(output.err).toMatch(/^preadmit check: --output missing-folder\/report\.json: the folder .*missing-folder does not exist/);
    expect(output.err).not.toMatch(/\bat \S+ \(|ENOENT/);
    const folder = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--format', 'json', '--output', 'repo']);
    expect(folder.code).toBe(2);
    expect(folder.out).toBe('');
    expect(folder.err.split('\n')[0]).toBe('preadmit check: --output repo is a folder; give the path of a file to write, such as repo/report.json');
  });

  it('writes SARIF 2.1.0', async () => {
    const { out } = await cli(['check', 'repo', '--no-builtin', '--policies', policies, '--format', 'sarif']);
    const sarif = JSON.parse(out) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(2);
  });
});
