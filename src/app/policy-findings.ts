import type { Finding } from '../core/finding.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { Position } from '../manifest/types.ts';
import { layerFromPath } from '../pipeline/load-policy-dirs.ts';
import { loadPolicies } from '../policy/load.ts';

/** A mistake in a policy file as a pull request leaves it. */
export interface PolicyFileProblem {
  file: string;
  position: Position;
  message: string;
}

/**
 * The load problems of policy files (path -> text) that can be placed on a line: the mistakes
 * Kyverno's webhook would refuse, and text that is not YAML. Pure.
 */
export function policyFileProblems(files: ReadonlyMap<string, string>): PolicyFileProblem[] {
  const problems: PolicyFileProblem[] = [];
  for (const [path, text] of files) {
    const parsed = parseManifestText(path, text);
    for (const p of parsed.problems) problems.push({ file: path, position: p.range.start, message: p.message });
    const docs = parsed.resources.map((r) => ({ object: r.object, file: path, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges }));
    for (const p of loadPolicies(docs, layerFromPath(path, 'security')).problems) {
      if (p.position) problems.push({ file: path, position: p.position, message: p.message });
    }
  }
  return problems;
}

/**
 * A policy the pull request breaks, as a blocking finding on its line: once merged, the policy
 * would not be loaded (Kyverno would refuse it too), so it is treated like a policy failure.
 */
export function policyFileFinding(problem: PolicyFileProblem): Finding {
  const { line, column } = problem.position;
  return {
    file: problem.file,
    line,
    column,
    endLine: line,
    endColumn: column,
    policy: 'preadmit-policy',
    rule: 'valid-policy',
    layer: 'operations',
    severity: 'high',
    action: 'Enforce',
    status: 'fail',
    message: `${problem.message} (after merging, this policy would not be loaded or enforced).`,
    path: '',
    fixable: false,
    title: 'Valid Kyverno policy',
  };
}
