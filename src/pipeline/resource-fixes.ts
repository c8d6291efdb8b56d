import type { Finding } from '../core/finding.ts';
import { jsonDiff } from '../engine/fix/json-diff.ts';
import type { AdmissionInput, JsonPatchOperation, RuleResult } from '../engine/types.ts';
import { documentPointer } from '../manifest/origin.ts';
import type { SourcedResource } from '../manifest/types.ts';
import type { PolicyException } from '../policy/exceptions.ts';
import type { Policy } from '../policy/types.ts';
import type { ResourceFix } from './check.ts';
import { composeFixes, type FixConflict } from './compose-fixes.ts';
import { toFinding } from './findings.ts';
import { ownFixPatch } from './own-fix.ts';

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** A conflict between two fixes, as a finding on the contested field of the losing policy. */
function conflictFinding(conflict: FixConflict, resource: SourcedResource): Finding | undefined {
  const { fix: _fix, ...loserResult } = conflict.loser;
  const base = toFinding({ ...loserResult, status: 'warn', paths: [conflict.path] }, resource);
  if (!base) return undefined;
  const { winner, loser } = conflict;
  return {
    ...base,
    rule: `${loser.rule}`,
    fixable: false,
    message:
      `conflict: ${winner.policy.name}/${winner.rule} (${winner.policy.layer}) sets ${conflict.path} to ${show(conflict.winnerValue)}, ` +
      `but ${loser.policy.name}/${loser.rule} (${loser.policy.layer}) would set it to ${show(conflict.loserValue)}; ` +
      `${winner.policy.name} wins because the ${winner.policy.layer} layer applies first. Align the two policies.`,
  };
}

/**
 * Compose the fixes of one resource across layers and record the outcome on its findings:
 * applied fixes stay fixable, rejected ones do not (with the reason), conflicts become
 * findings of their own.
 */
export function composeResourceFixes(
  resource: SourcedResource,
  policies: readonly Policy[],
  results: readonly RuleResult[],
  findings: ReadonlyMap<RuleResult, Finding>,
  exceptions: readonly PolicyException[],
  valuesFor?: AdmissionInput['valuesFor'],
): { fix?: ResourceFix; conflicts: Finding[] } {
  const composed = composeFixes({ resource: resource.object, operation: 'CREATE', exceptions, ...(valuesFor ? { valuesFor } : {}) }, policies, results);
  const appliedKeys = new Set(composed.applied.map((a) => `${a.result.policy.name}/${a.result.rule}`));
  const fixed: Finding[] = [];
  const own = new Map<Finding, JsonPatchOperation[]>();
  const rebase = (ops: readonly JsonPatchOperation[]): JsonPatchOperation[] => ops.map((op) => ({ ...op, path: documentPointer(resource.origin, op.path) }));
  for (const [result, finding] of findings) {
    if (result.fix === undefined && !appliedKeys.has(`${result.policy.name}/${result.rule}`)) continue;
    if (appliedKeys.has(`${result.policy.name}/${result.rule}`)) {
      fixed.push(finding);
      finding.fixable = true;
      const ops = ownFixPatch(result, composed);
      if (ops) own.set(finding, rebase(ops));
      continue;
    }
    finding.fixable = false;
    const rejected = composed.rejected.find((r) => r.result.policy.name === result.policy.name && r.result.rule === result.rule);
    if (rejected) finding.message += ` (no fix offered: ${rejected.reason})`;
  }
  const conflicts = composed.conflicts.map((c) => conflictFinding(c, resource)).filter((f): f is Finding => f !== undefined);
  const patch = rebase(jsonDiff(resource.object, composed.patched));
  if (patch.length === 0 || fixed.length === 0) return { conflicts };
  return { fix: { file: resource.origin.file, documentIndex: resource.origin.documentIndex, patch, findings: fixed, own, ...(resource.origin.lenient ? { lenient: true as const } : {}) }, conflicts };
}
