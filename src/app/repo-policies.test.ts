import { describe, expect, it } from 'vitest';
import { inPolicyPaths, policiesFromTexts } from './repo-policies.ts';

const policy = (name: string): string => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${name}
spec:
  validationFailureAction: Enforce
  rules:
    - name: r
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
        message: "no"
        pattern:
          metadata:
            labels:
              team: "?*"
`;

describe('inPolicyPaths', () => {
  it('takes YAML/JSON under the folders or the named files, not test folders', () => {
    const roots = ['cluster/policies', 'extra.yaml'];
    expect(inPolicyPaths('cluster/policies/a.yaml', roots)).toBe(true);
    expect(inPolicyPaths('cluster/policies/x/b.json', roots)).toBe(true);
    expect(inPolicyPaths('extra.yaml', roots)).toBe(true);
    expect(inPolicyPaths('cluster/policies-old/a.yaml', roots)).toBe(false);
    expect(inPolicyPaths('cluster/policies/README.md', roots)).toBe(false);
    expect(inPolicyPaths('cluster/policies/p/.kyverno-test/kyverno-test.yaml', roots)).toBe(false);
    expect(inPolicyPaths('anything.yml', [''])).toBe(true);
  });
});

describe('policiesFromTexts', () => {
  it('loads the policies, takes the layer from the folder, ignores other documents and reports broken files', () => {
    const files = new Map([
      ['cluster/policies/operations/team.yaml', policy('team-label') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sample\n'],
      ['cluster/policies/broken.yaml', 'a: [\n'],
    ]);
    const loaded = policiesFromTexts(files);
    expect(loaded.policies.map((p) => [p.meta.name, p.meta.layer])).toEqual([['team-label', 'operations']]);
    expect(loaded.notes).toEqual([expect.stringMatching(/^⚠️ Policy file cluster\/policies\/broken\.yaml:\d+ could not be read/)]);
  });
});
