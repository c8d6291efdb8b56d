import { isBlocking, type Finding } from '../core/finding.ts';
import { formatRef } from '../core/resource-ref.ts';
import type { JsonValue } from '../core/json.ts';
import { nestedJson } from './json.ts';
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

/** What formatSarif works out from all the findings before writing any result. */
interface SarifPlan {
  log: SarifLog;
  run: SarifRun;
  sorted: Finding[];
  indexById: Map<string, number>;
  fingerprints: Record<string, string>[];
}

function sarifPlan(findings: readonly Finding[], context: SarifContext): SarifPlan {
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
    results: [],
  };
  if (context.automationId !== undefined) run.automationDetails = { id: context.automationId };
  return { log: { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, run, sorted, indexById, fingerprints };
}

const resultAt = (plan: SarifPlan, i: number): SarifResult => {
  const finding = plan.sorted[i] as Finding;
  return result(finding, plan.indexById.get(ruleId(finding)) ?? 0, plan.fingerprints[i] ?? {});
};

/** A SARIF 2.1.0 log of the findings that GitHub code scanning accepts: one run, one rule per policy/rule. */
export function formatSarif(findings: readonly Finding[], context: SarifContext): SarifLog {
  const plan = sarifPlan(findings, context);
  plan.run.results = plan.sorted.map((_, i) => resultAt(plan, i));
  return plan.log;
}

/** Stands for the results while the rest of the log is written. */
const RESULTS = '\u0001preadmit-sarif-results\u0001';

/**
 * The SARIF log as the file `--format sarif` writes — two-space JSON with a final newline,
 * exactly `JSON.stringify(formatSarif(…), null, 2)` — in pieces that each end with a line
 * break, one result at a time: the log of a large tree is longer than a string can be, and
 * its results are made only as they are written.
 */
export function* sarifChunks(findings: readonly Finding[], context: SarifContext): Generator<string> {
  const plan = sarifPlan(findings, context);
  (plan.run as { results: unknown }).results = RESULTS;
  const text = JSON.stringify(plan.log, null, 2) + '\n';
  const marker = JSON.stringify(RESULTS);
  const at = text.indexOf(marker);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at) + 1;
  const indent = text.slice(lineStart, text.indexOf('"', lineStart));
  const before = text.slice(lineStart, at);
  const after = text.slice(at + marker.length, lineEnd);
  yield text.slice(0, lineStart);
  if (plan.sorted.length === 0) yield `${before}[]${after}`;
  else {
    yield `${before}[\n`;
    const inner = `${indent}  `;
    const last = plan.sorted.length - 1;
    for (let i = 0; i <= last; i++) yield `${inner}${nestedJson(resultAt(plan, i) as unknown as JsonValue, inner)}${i < last ? ',' : ''}\n`;
    yield `${indent}]${after}`;
  }
  yield text.slice(lineEnd);
}

/** The SARIF log as the file `--format sarif` writes: two-space JSON with a final newline. */
export function formatSarifText(findings: readonly Finding[], context: SarifContext): string {
  return [...sarifChunks(findings, context)].join('');
}
