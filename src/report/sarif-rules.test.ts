import { describe, expect, it } from 'vitest';
import { sampleFindings } from './sample-findings.ts';
import { collectRules, ruleDescriptor, ruleLevel, ruleName, type SarifRuleInput } from './sarif-rules.ts';

const privileged: SarifRuleInput = {
  policy: 'disallow-privileged-containers',
  rule: 'privileged-containers',
  layer: 'security',
  severity: 'high',
  action: 'Enforce',
  title: 'Disallow Privileged Containers',
  category: 'Pod Security Standards (Baseline)',
  description: 'Privileged containers must not be allowed.',
  remediation: 'Remove securityContext.privileged or set it to false.',
  helpUri: 'https://example.test/privileged',
};

describe('ruleDescriptor', () => {
  it('builds the full descriptor for a security rule', () => {
    expect(ruleDescriptor(privileged)).toEqual({
      id: 'disallow-privileged-containers/privileged-containers',
      name: 'DisallowPrivilegedContainers/PrivilegedContainers',
      shortDescription: { text: 'Disallow Privileged Containers' },
      fullDescription: { text: 'Privileged containers must not be allowed.' },
      help: {
        text:
          'Privileged containers must not be allowed.\n\nRemediation: Remove securityContext.privileged or set it to false.\n\n' +
          'Layer: security. Severity: high. Action: Enforce.',
        markdown:
          '**Disallow Privileged Containers**\n\nPrivileged containers must not be allowed.\n\n' +
          '**Remediation:** Remove securityContext.privileged or set it to false.\n\n' +
          '| Layer | Category | Severity | Action |\n| --- | --- | --- | --- |\n' +
          '| security | Pod Security Standards (Baseline) | high | Enforce |',
      },
      helpUri: 'https://example.test/privileged',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'Pod Security Standards (Baseline)'], precision: 'very-high', 'security-severity': '8.0' },
    });
  });

  it('maps severities to GitHub security-severity bands for the security layer only', () => {
    const score = (severity: SarifRuleInput['severity']): string | undefined =>
      ruleDescriptor({ ...privileged, severity }).properties['security-severity'];
    expect([score('critical'), score('high'), score('medium'), score('low'), score('info')]).toEqual(['9.5', '8.0', '5.5', '2.0', undefined]);
    const ops = ruleDescriptor({ ...privileged, layer: 'operations', severity: 'medium' }).properties;
    expect(ops).toEqual({ tags: ['operations', 'Pod Security Standards (Baseline)'], precision: 'very-high', 'problem.severity': 'warning' });
  });

  it('never leaves the required texts empty', () => {
    const bare = ruleDescriptor({ policy: 'p', rule: 'r', layer: 'developer', severity: 'low', action: 'Audit' });
    expect(bare.shortDescription.text).toBe('p/r');
    expect(bare.fullDescription.text).toBe('p/r (Kyverno policy p, rule r).');
    expect(bare.help.text).toContain('Remediation: Change the resource so that rule r of policy p passes.');
    expect(bare.properties.tags).toEqual(['developer']);
    expect(bare).not.toHaveProperty('helpUri');
  });

  it('clips descriptions to the 1024 characters GitHub shows', () => {
    const long = ruleDescriptor({ ...privileged, description: 'x'.repeat(2000) });
    expect(long.fullDescription.text).toHaveLength(1024);
    expect(long.help.text.startsWith('x'.repeat(2000))).toBe(true);
  });
});

describe('ruleName / ruleLevel', () => {
  it('makes a PascalCase name distinct from the id', () => {
    expect(ruleName({ policy: 'require-pod-probes', rule: 'autogen-validate-livenessProbe' })).toBe('RequirePodProbes/AutogenValidateLivenessProbe');
    expect(ruleName({ policy: '--', rule: 'x' })).toBe('_/X');
  });

  it('is note for info, error for Enforce, warning for Audit', () => {
    expect(ruleLevel({ severity: 'info', action: 'Enforce' })).toBe('note');
    expect(ruleLevel({ severity: 'low', action: 'Enforce' })).toBe('error');
    expect(ruleLevel({ severity: 'critical', action: 'Audit' })).toBe('warning');
  });
});

describe('collectRules', () => {
  it('gives one rule per policy/rule, sorted by id', () => {
    const findings = sampleFindings();
    const rules = collectRules([...findings, { ...findings[0]!, line: 40 }]);
    expect(rules.map((r) => `${r.policy}/${r.rule}`)).toEqual([
      'check-image-digest/require-digest',
      'disallow-privileged-containers/privileged-containers',
      'preadmit/valid-yaml',
      'require-labels/check-for-labels',
      'require-requests-limits/validate-resources',
    ]);
  });

  it('prefers known rules, fills their gaps from findings, and does not change the inputs', () => {
    const known: SarifRuleInput[] = [
      { policy: 'disallow-privileged-containers', rule: 'privileged-containers', layer: 'security', severity: 'high', action: 'Enforce', remediation: 'Unset it.' },
      { policy: 'a-policy', rule: 'passing-rule', layer: 'operations', severity: 'low', action: 'Audit' },
    ];
    const rules = collectRules(sampleFindings(), known);
    expect(rules[0]).toEqual(known[1]);
    const merged = rules.find((r) => r.policy === 'disallow-privileged-containers');
    expect(merged).toEqual({ ...known[0], title: 'Disallow Privileged Containers', category: 'Pod Security Standards (Baseline)', description: 'Privileged containers share the host namespaces and devices; they must not be allowed.' });
    expect(known[0]).not.toHaveProperty('title');
  });
});
