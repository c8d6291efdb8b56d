import type { Finding } from '../core/finding.ts';
import { formatConfigProblem, type ConfigProblem } from '../config/problems.ts';

/** A configuration problem as a line of the check run's notes: "file:line:col: message". */
export function configProblemNote(problem: ConfigProblem): string {
  return `⚠️ \`${formatConfigProblem(problem)}\``;
}

/**
 * A problem of the configuration file a pull request leaves behind, as a blocking finding on
 * its line: the change would break the next checks, so it is treated like a policy failure.
 */
export function configFinding(problem: ConfigProblem): Finding {
  const { start, end } = problem.range;
  return {
    file: problem.file,
    line: start.line,
    column: start.column,
    endLine: Math.max(start.line, end.line),
    endColumn: end.line === start.line ? Math.max(start.column, end.column) : start.column,
    policy: 'preadmit-config',
    rule: 'valid-configuration',
    layer: 'operations',
    severity: 'high',
    action: 'Enforce',
    status: 'fail',
    message: `${problem.message} (after merging, preadmit would ignore this file and use its defaults).`,
    path: problem.pointer,
    fixable: false,
    title: 'Valid preadmit configuration',
  };
}
