import type { Finding } from '../core/finding.ts';
import type { FailureAction, Layer, Severity } from '../engine/types.ts';
import { compareText } from './order.ts';
import type { SarifLevel, SarifReportingDescriptor, SarifRuleProperties } from './sarif-types.ts';

/** What a SARIF rule is built from: a finding, or a rule the caller knows was evaluated. */
export interface SarifRuleInput {
  policy: string;
  rule: string;
  layer: Layer;
  severity: Severity;
  action: FailureAction;
  title?: string;
  category?: string;
  description?: string;
  /** How to fix a violation, in the reader's words; a generic hint is used when absent. */
  remediation?: string;
  helpUri?: string;
}

/** GitHub maps > 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined,
};

const PROBLEM_SEVERITY: Readonly<Record<Severity, 'error' | 'warning' | 'recommendation'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
  info: 'recommendation',
};

/** GitHub shows at most 1024 characters of a rule's descriptions. */
const DESCRIPTION_LIMIT = 1024;

export function ruleId(input: { policy: string; rule: string }): string {
  return `${input.policy}/${input.rule}`;
}

/** A friendly rule name, distinct from the id as SARIF asks: 'disallow-latest-tag/validate-image-tag' -> 'DisallowLatestTag/ValidateImageTag'. */
export function ruleName(input: { policy: string; rule: string }): string {
  const pascal = (text: string): string =>
    text
      .split(/[^A-Za-z0-9]+/)
      .filter((word) => word !== '')
      .map((word) => word[0]?.toUpperCase() + word.slice(1))
      .join('') || '_';
  return `${pascal(input.policy)}/${pascal(input.rule)}`;
}

function clip(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

/** The level a rule's results have unless a result says otherwise. */
export function ruleLevel(input: { severity: Severity; action: FailureAction }): SarifLevel {
  if (input.severity === 'info') return 'note';
  return input.action === 'Enforce' ? 'error' : 'warning';
}

function remediationOf(input: SarifRuleInput): string {
  return (
    input.remediation ??
    `Change the resource so that rule ${input.rule} of policy ${input.policy} passes. ` +
      'Where preadmit offers a fix, the pull request shows it as a suggestion.'
  );
}

function properties(input: SarifRuleInput): SarifRuleProperties {
  const tags: string[] = [input.layer];
  if (input.category !== undefined && input.category !== input.layer) tags.push(input.category);
  const props: SarifRuleProperties = { tags, precision: 'very-high' };
  const security = SECURITY_SEVERITY[input.severity];
  if (input.layer === 'security' && security !== undefined) props['security-severity'] = security;
  if (input.layer !== 'security') props['problem.severity'] = PROBLEM_SEVERITY[input.severity];
  return props;
}

/** One reporting descriptor, with the texts GitHub requires never empty. */
export function ruleDescriptor(input: SarifRuleInput): SarifReportingDescriptor {
  const id = ruleId(input);
  const title = input.title ?? id;
  const description = input.description ?? `${title} (Kyverno policy ${input.policy}, rule ${input.rule}).`;
  const remediation = remediationOf(input);
  const facts = `Layer: ${input.layer}. Severity: ${input.severity}. Action: ${input.action}.`;
  const descriptor: SarifReportingDescriptor = {
    id,
    name: ruleName(input),
    shortDescription: { text: clip(title) },
    fullDescription: { text: clip(description) },
    help: {
      text: `${description}\n\nRemediation: ${remediation}\n\n${facts}`,
      markdown:
        `**${title}**\n\n${description}\n\n**Remediation:** ${remediation}\n\n` +
        `| Layer | Category | Severity | Action |\n| --- | --- | --- | --- |\n` +
        `| ${input.layer} | ${input.category ?? '-'} | ${input.severity} | ${input.action} |`,
    },
    defaultConfiguration: { level: ruleLevel(input) },
    properties: properties(input),
  };
  if (input.helpUri !== undefined) descriptor.helpUri = input.helpUri;
  return descriptor;
}

function inputFromFinding(finding: Finding): SarifRuleInput {
  const input: SarifRuleInput = {
    policy: finding.policy,
    rule: finding.rule,
    layer: finding.layer,
    severity: finding.severity,
    action: finding.action,
  };
  if (finding.title !== undefined) input.title = finding.title;
  if (finding.category !== undefined) input.category = finding.category;
  if (finding.description !== undefined) input.description = finding.description;
  return input;
}

/**
 * The run's rules, sorted by id: the caller's known rules first take precedence, then one per
 * policy/rule seen in the findings (the first finding of a rule fills its metadata).
 */
export function collectRules(findings: readonly Finding[], known: readonly SarifRuleInput[] = []): SarifRuleInput[] {
  const byId = new Map<string, SarifRuleInput>();
  for (const input of known) if (!byId.has(ruleId(input))) byId.set(ruleId(input), { ...input });
  for (const finding of findings) {
    const id = ruleId(finding);
    const existing = byId.get(id);
    if (!existing) {
      byId.set(id, inputFromFinding(finding));
      continue;
    }
    if (existing.title === undefined && finding.title !== undefined) existing.title = finding.title;
    if (existing.category === undefined && finding.category !== undefined) existing.category = finding.category;
    if (existing.description === undefined && finding.description !== undefined) existing.description = finding.description;
  }
  return [...byId.entries()].sort(([a], [b]) => compareText(a, b)).map(([, input]) => input);
}
