import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

/**
 * ValidatingPolicies in `evaluation.mode: JSON` judge a test's `jsonPayloads` (here: a build
 * manifest), not Kubernetes resources; Kubernetes-mode policies never judge a payload.
 */
const root = mkdtempSync(join(tmpdir(), 'preadmit-json-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const POLICY = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: pinned-steps
spec:
  evaluation:
    mode: JSON
  matchConditions:
  - name: has-steps
    expression: has(object.steps)
  variables:
  - name: unpinned
    expression: object.steps.filter(s, !s.uses.contains('@'))
  validations:
  - expression: size(variables.unpinned) == 0
    messageExpression: "'unpinned steps: ' + variables.unpinned.map(s, s.uses).join(', ')"
`;
const K8S_POLICY = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: pods-need-team
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ['']
      apiVersions: [v1]
      operations: [CREATE]
      resources: [pods]
  validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
`;
const EXCEPTION = `apiVersion: policies.kyverno.io/v1alpha1
kind: PolicyException
metadata:
  name: legacy-builds
spec:
  policyRefs:
  - name: pinned-steps
    kind: ValidatingPolicy
  matchConditions:
  - name: legacy
    expression: object.?metadata.?name.orValue('') == 'legacy'
`;

function suite(name: string, results: string, extra: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'policy.yaml'), POLICY + '---\n' + K8S_POLICY);
  writeFileSync(join(dir, 'exception.yaml'), EXCEPTION);
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ steps: [{ uses: 'checkout@v4' }, { uses: 'setup@1.2' }] }));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ steps: [{ uses: 'checkout@v4' }, { uses: 'deploy' }] }));
  writeFileSync(join(dir, 'legacy.json'), JSON.stringify({ metadata: { name: 'legacy' }, steps: [{ uses: 'deploy' }] }));
  writeFileSync(join(dir, 'no-steps.json'), JSON.stringify({ image: 'x' }));
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  writeFileSync(join(dir, 'kyverno-test.yaml'), `apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata:\n  name: ${name}\npolicies: [policy.yaml]\n${results}`);
  return dir;
}

async function test(dir: string): Promise<{ code: number; doc: { results: Record<string, unknown>[]; summary: Record<string, number> } }> {
  let out = '';
  const code = await run(['test', dir, '--json'], { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: root });
  return { code, doc: JSON.parse(out) as { results: Record<string, unknown>[]; summary: Record<string, number> } };
}

describe('preadmit test with jsonPayloads', () => {
  it('judges each payload named by its file, with the message the policy builds', async () => {
    const dir = suite('named', `jsonPayloads: [good.json, bad.json]
results:
- {kind: "", policy: pinned-steps, resources: [good.json], result: pass}
- {kind: "", policy: pinned-steps, resources: [bad.json], result: fail}
`);
    const { code, doc } = await test(dir);
    expect(doc.summary).toEqual({ total: 2, ok: 2, mismatch: 0 });
    expect(code).toBe(0);
    expect(doc.results.map((r) => `${r['resource']}:${r['actual']}`)).toEqual(['good.json:pass', 'bad.json:fail']);
    expect(doc.results[1]?.['message']).toBe('unpinned steps: deploy');
  });

  it('compares for real: a wrong expectation is a mismatch', async () => {
    const dir = suite('wrong', `jsonPayloads: [bad.json]
results:
- {kind: "", policy: pinned-steps, result: pass}
`);
    const { code, doc } = await test(dir);
    expect(code).toBe(1);
    expect(doc.results[0]).toMatchObject({ expected: 'pass', actual: 'fail', ok: false });
  });

  it('skips a payload a PolicyException exempts, and a payload the match conditions leave out is skipped', async () => {
    const dir = suite('exempt', `exceptions: [exception.yaml]
jsonPayloads: [legacy.json]
results:
- {kind: "", policy: pinned-steps, result: skip}
`);
    const { doc } = await test(dir);
    expect(doc.results.map((r) => `${r['actual']}`)).toEqual(['skip']);
    expect(String(doc.results[0]?.['message'])).toContain('legacy-builds');
    const none = suite('none', `jsonPayloads: [no-steps.json]
results:
- {kind: "", policy: pinned-steps, result: pass}
`);
    const out = await test(none);
    expect(out.code).toBe(1);
    expect(out.doc.results[0]).toMatchObject({ actual: 'skip', ok: false });
  });

  it('a Kubernetes-mode policy never judges a payload: an expected result for it is a mismatch, not a pass', async () => {
    const dir = suite('k8s-on-payload', `jsonPayloads: [good.json]
results:
- {kind: "", policy: pods-need-team, result: fail}
`);
    const { code, doc } = await test(dir);
    expect(code).toBe(1);
    expect(doc.results[0]).toMatchObject({ ok: false });
    expect(String(doc.results[0]?.['message'])).toContain('evaluation.mode: JSON');
  });

  it('a payload that is not a JSON object is a located load problem', async () => {
    const dir = suite('broken', `jsonPayloads: [broken.json]
results:
- {kind: "", policy: pinned-steps, result: pass}
`, { 'broken.json': '{"steps": [' });
    let out = '';
    const code = await run(['test', dir], { stdout: (t) => (out += t + '\n'), stderr: (t) => (out += t + '\n'), cwd: root });
    expect(code).not.toBe(0);
    expect(out).toMatch(/broken\.json:1:\d+/);
  });
});

describe('check with a JSON-mode policy', () => {
  it('does not apply it to Kubernetes resources, and says so', async () => {
    const dir = join(root, 'check');
    mkdirSync(join(dir, 'policies'), { recursive: true });
    writeFileSync(join(dir, 'policies', 'policy.yaml'), POLICY);
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n');
    let out = '';
    let err = '';
    const code = await run(['check', 'pod.yaml', '--no-builtin', '--policies', 'policies', '--format', 'json'], { stdout: (t) => (out += t), stderr: (t) => (err += t + '\n'), cwd: dir });
    expect(code).toBe(0);
    expect((JSON.parse(out) as { findings: unknown[] }).findings).toEqual([]);
    // and says so, naming the policy and its file
    expect(err).toContain('policy pinned-steps (policies/policy.yaml) is a ValidatingPolicy in evaluation.mode JSON');
  });
});
