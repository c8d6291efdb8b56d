import { isBlocking, type Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import { sortFindings } from './order.ts';
import { artifactLocation, findingFix, findingRegion, SRCROOT } from './sarif-location.ts';
import { partialFingerprints } from './sarif-fingerprint.ts';
import { collectRules, ruleDescriptor, ruleId, type SarifRuleInput } from './sarif-rules.ts';
import type { SarifLevel, SarifLog, SarifResult, SarifRun } from './sarif-types.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const PREADMIT_URI = 'https://github.com/preadmit/preadmit';

export interface SarifContext {
  /** preadmit's version, semver. */
  toolVersion: string;
  informationUri?: string;
  /** Absolute file:// URI of the checked repository's root, ending in '/', when known. */
  srcRoot?: string;
  /** runAutomationDetails.id, e.g. "preadmit/pr-42/" to keep analyses apart on GitHub. */
  automationId?: string;
  /** Rules evaluated beyond those with findings, so their alerts can close on GitHub. */
  rules?: readonly SarifRuleInput[];
}

/** error for what blocks (Enforce fail/error), note for info, warning for the rest (Audit, warn). */
export function resultLevel(finding: Finding): SarifLevel {
  if (isBlocking(finding)) return 'error';
  return finding.severity === 'info' ? 'note' : 'warning';
}

function resultMessage(finding: Finding): string {
  const about = finding.resource ? ` (${formatRef(finding.resource)}${finding.path ? ` at ${finding.path}` : ''})` : '';
  const prefix = finding.status === 'error' ? 'preadmit could not evaluate this rule: ' : '';
  return `${prefix}${finding.message.trim() || `${finding.policy}/${finding.rule} failed`}${about}`;
}

function result(finding: Finding, ruleIndex: number, fingerprints: Record<string, string>): SarifResult {
  const out: SarifResult = {
    ruleId: ruleId(finding),
    ruleIndex,
    level: resultLevel(finding),
    message: { text: resultMessage(finding) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file), region: findingRegion(finding) } }],
    partialFingerprints: fingerprints,
  };
  const fix = findingFix(finding);
  if (fix) out.fixes = [fix];
  out.properties = { status: finding.status, action: finding.action, blocking: isBlocking(finding) };
  return out;
}

/** A SARIF 2.1.0 log of the findings that GitHub code scanning accepts: one run, one rule per policy/rule. */
export function formatSarif(findings: readonly Finding[], context: SarifContext): SarifLog {
  const sorted = sortFindings(findings);
  const rules = collectRules(sorted, context.rules ?? []);
  const indexById = new Map(rules.map((input, index) => [ruleId(input), index]));
  const fingerprints = partialFingerprints(sorted);
  const srcRoot: { uri?: string; description: { text: string } } = {
    description: { text: 'The root of the checked repository.' },
  };
  if (context.srcRoot !== undefined) srcRoot.uri = context.srcRoot.endsWith('/') ? context.srcRoot : `${context.srcRoot}/`;
  const run: SarifRun = {
    tool: {
      driver: {
        name: 'preadmit',
        informationUri: context.informationUri ?? PREADMIT_URI,
        semanticVersion: context.toolVersion,
        rules: rules.map(ruleDescriptor),
      },
    },
    originalUriBaseIds: { [SRCROOT]: srcRoot },
    columnKind: 'utf16CodeUnits',
    results: sorted.map((finding, i) => result(finding, indexById.get(ruleId(finding)) ?? 0, fingerprints[i] ?? {})),
  };
  if (context.automationId !== undefined) run.automationDetails = { id: context.automationId };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** The SARIF log as the file `--format sarif` writes: two-space JSON with a final newline. */
export function formatSarifText(findings: readonly Finding[], context: SarifContext): string {
  return JSON.stringify(formatSarif(findings, context), null, 2) + '\n';
}
