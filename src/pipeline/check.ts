import type { Finding } from '../core/finding.ts';
import type { JsonValue } from '../core/json.ts';
import { evaluatePolicies } from '../engine/evaluate.ts';
import type { ParsedFile } from '../manifest/types.ts';
import { loadExceptions, type PolicyException } from '../policy/exceptions.ts';
import type { Policy } from '../policy/types.ts';
import { sortFindings } from '../report/order.ts';
import type { JsonPatchOperation, RuleResult } from '../engine/types.ts';
import { composeResourceFixes } from './resource-fixes.ts';
import { problemFinding, toFinding } from './findings.ts';
import { mutationAsFinding } from './mutation-findings.ts';
import { appendAll } from '../core/append-all.ts';

export interface CheckStats {
  files: number;
  resources: number;
  ruleEvaluations: number;
}

/**
 * The composed fix of one source document: one patch for all the fixable findings whose
 * fixes land in it (what `--fix` and Apply fixes write together), and each finding's own
 * rule fix on the same document (what its suggestion shows).
 */
export interface ResourceFix {
  file: string;
  documentIndex: number;
  /** RFC 6902 operations against the document (List items already re-based). */
  patch: JsonPatchOperation[];
  /** The findings this patch fixes (the same objects as in `findings`). */
  findings: Finding[];
  /** A finding's own rule fix as operations on this document; one missing here shows the composed patch. */
  own: ReadonlyMap<Finding, JsonPatchOperation[]>;
  /** The document was read leniently (see ManifestOrigin.lenient): no edit is written into it. */
  lenient?: true;
}

export interface CheckOptions {
  /**
   * Derive and compose fixes (default true). The base side of a comparison only classifies
   * findings, so it skips this work.
   */
  fixes?: boolean;
  /**
   * Apply PolicyExceptions found among the checked manifests (default true, as `kyverno
   * apply`). The app passes false: a pull request must not exempt its own resources.
   */
  manifestExceptions?: boolean;
  /**
   * The PolicyExceptions of the manifests when the caller checks a tree's files in parts and
   * read them from all its files beforehand (see manifestExceptionsOf); otherwise they are read from `files`.
   */
  exceptionsInManifests?: readonly PolicyException[];
}

export interface CheckResult {
  findings: Finding[];
  fixes: ResourceFix[];
  stats: CheckStats;
}

/** The PolicyExceptions declared in the files, in file order. */
export function manifestExceptionsOf(files: readonly ParsedFile[]): PolicyException[] {
  return loadExceptions(files.flatMap((f) => f.resources.map((r) => ({ object: r.object, file: f.file, documentIndex: r.origin.documentIndex })))).exceptions;
}

/** Documents that belong to the Kyverno CLI's own test tooling, not to the cluster. */
function isToolingDocument(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion.startsWith('cli.kyverno.io/');
}

/**
 * The pure core of `preadmit check`: every policy on every resource, located.
 * PolicyExceptions come from the policy folders and from the manifests themselves.
 */
export function checkParsedFiles(
  files: readonly ParsedFile[],
  policies: readonly Policy[],
  exceptions: readonly PolicyException[] = [],
  variables: Record<string, JsonValue> = {},
  options: CheckOptions = {},
): CheckResult {
  const withFixes = options.fixes !== false;
  const valuesFor = Object.keys(variables).length > 0 ? () => variables : undefined;
  const inManifests = options.manifestExceptions === false ? [] : (options.exceptionsInManifests ?? manifestExceptionsOf(files));
  const inForce = [...exceptions, ...inManifests];
  const findings: Finding[] = [];
  const fixes: ResourceFix[] = [];
  let resources = 0;
  let ruleEvaluations = 0;
  for (const file of files) {
    for (const problem of file.problems) findings.push(problemFinding(problem));
    for (const resource of file.resources) {
      if (isToolingDocument(resource.object['apiVersion'])) continue;
      resources++;
      const results = evaluatePolicies(policies, {
        resource: resource.object,
        operation: 'CREATE',
        exceptions: inForce,
        deriveFixes: withFixes,
        ...(valuesFor ? { valuesFor } : {}),
      }).map(mutationAsFinding);
      ruleEvaluations += results.length;
      const own = new Map<RuleResult, Finding>();
      for (const result of results) {
        const finding = toFinding(result, resource);
        if (!finding) continue;
        findings.push(finding);
        own.set(result, finding);
      }
      if (!withFixes || !results.some((r) => r.fix !== undefined)) continue;
      const composed = composeResourceFixes(resource, policies, results, own, inForce, valuesFor);
      appendAll(findings, composed.conflicts);
      if (composed.fix) fixes.push(composed.fix);
    }
  }
  return { findings: sortFindings(findings), fixes, stats: { files: files.length, resources, ruleEvaluations } };
}
