import type { Finding } from '../core/finding.ts';
import { evaluatePolicies } from '../engine/evaluate.ts';
import type { ParsedFile } from '../manifest/types.ts';
import { loadExceptions, type PolicyException } from '../policy/exceptions.ts';
import type { Policy } from '../policy/types.ts';
import { sortFindings } from '../report/order.ts';
import { problemFinding, toFinding } from './findings.ts';

export interface CheckStats {
  files: number;
  resources: number;
  ruleEvaluations: number;
}

export interface CheckResult {
  findings: Finding[];
  stats: CheckStats;
}

/** Documents that belong to the Kyverno CLI's own test tooling, not to the cluster. */
function isToolingDocument(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion.startsWith('cli.kyverno.io/');
}

/**
 * The pure core of `preadmit check`: every policy on every resource, located.
 * PolicyExceptions come from the policy folders and from the manifests themselves.
 */
export function checkParsedFiles(files: readonly ParsedFile[], policies: readonly Policy[], exceptions: readonly PolicyException[] = []): CheckResult {
  const inManifests = loadExceptions(
    files.flatMap((f) => f.resources.map((r) => ({ object: r.object, file: f.file, documentIndex: r.origin.documentIndex }))),
  ).exceptions;
  const inForce = [...exceptions, ...inManifests];
  const findings: Finding[] = [];
  let resources = 0;
  let ruleEvaluations = 0;
  for (const file of files) {
    findings.push(...file.problems.map(problemFinding));
    for (const resource of file.resources) {
      if (isToolingDocument(resource.object['apiVersion'])) continue;
      resources++;
      const results = evaluatePolicies(policies, { resource: resource.object, operation: 'CREATE', exceptions: inForce });
      ruleEvaluations += results.length;
      for (const result of results) {
        const finding = toFinding(result, resource);
        if (finding) findings.push(finding);
      }
    }
  }
  return { findings: sortFindings(findings), stats: { files: files.length, resources, ruleEvaluations } };
}
