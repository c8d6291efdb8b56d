/**
 * Issue 11: the policy mistakes a new user makes are refused at load, as Kyverno's admission
 * webhook refuses them: one error located at file:line:col saying what is wrong and what to
 * write instead, and `preadmit check` exits 2 instead of judging resources with the policy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = join(import.meta.dirname, 'fixtures', 'policy-mistakes');

async function check(policy: string): Promise<{ code: number; out: string; errors: string[] }> {
  let out = '';
  const errors: string[] = [];
  const code = await run(['check', 'resources.yaml', '--no-builtin', '--policies', policy], {
    stdout: (t) => (out += t),
    stderr: (t) => errors.push(...t.split('\n').filter((l) => l !== '')),
    cwd: dir,
  });
  return { code, out, errors };
}

const prefix = 'preadmit check: policy ';
const MISTAKES: { file: string; at: string; says: RegExp }[] = [
  { file: 'no-match.yaml', at: '8:7', says: /rule "at-least-two": the rule has no `match`.*add the resources it is about, e\.g\. `match: \{any: \[\{resources: \{kinds: \[Pod\]\}\}\]\}`/ },
  { file: 'kind-typo.yaml', at: '12:15', says: /unknown field `kind` in match\.any\[0\]\.resources: write `kinds`, a list \(`kinds: \[Deployment\]`\)/ },
  { file: 'unknown-operator.yaml', at: '20:17', says: /unknown condition operator `GreaterThanOrEqualss`: write `GreaterThanOrEquals`/ },
  { file: 'broken-jmespath.yaml', at: '19:17', says: /the JMESPath expression `request\.object\.spec\.template\.spec\.containers\[0\.image` does not parse \(.+\); correct it/ },
  { file: 'patern.yaml', at: '16:9', says: /unknown field `patern` in validate: write `pattern` instead/ },
];

describe('policy mistakes are refused at load with one located error and exit 2', () => {
  for (const mistake of MISTAKES) {
    it(mistake.file, async () => {
      const { code, out, errors } = await check(mistake.file);
      expect(code).toBe(2);
      // nothing judged: no finding on the Deployment, nor on the Role and Service the policy is not about
      expect(out).toBe('');
      expect(errors).toHaveLength(1);
      const [line] = errors;
      expect(line?.startsWith(`${prefix}${mistake.file}:${mistake.at}: ClusterPolicy "two-replicas" rule "at-least-two": `)).toBe(true);
      expect(line).toMatch(mistake.says);
    });
  }

  it('the same policies written correctly load and judge only the Deployment', async () => {
    const { code, out, errors } = await check('correct.yaml');
    expect(errors).toEqual([]);
    expect(code).toBe(1);
    // one finding, on the Deployment's replicas (line 9); the Role and the Service are not selected
    expect(out).toMatch(/^test\/fixtures\/policy-mistakes\/resources\.yaml:9:3 .*two-replicas\/at-least-two/m);
    expect(out).toContain('1 finding');
  });
});
