import type { JsonPatchOperation, RuleResult } from '../engine/types.ts';
import type { ComposedFixes } from './compose-fixes.ts';

const sameRule = (a: RuleResult, b: RuleResult): boolean => a.policy.name === b.policy.name && a.rule === b.rule;

const within = (path: string, base: string): boolean => path === base || path.startsWith(base + '/');

/**
 * The operations of one rule's own fix on the resource as evaluated: its fix derived on
 * that resource, less the operations composition gave to an earlier layer (conflicts), so
 * a suggestion for one finding changes only what that finding is about. When the fix was
 * not derived up front, the operations composition applied for it. Undefined when the rule
 * had no fix applied.
 */
export function ownFixPatch(result: RuleResult, composed: ComposedFixes): JsonPatchOperation[] | undefined {
  const applied = composed.applied.find((a) => sameRule(a.result, result));
  if (!applied) return undefined;
  if (!result.fix) return applied.patch;
  const lost = composed.conflicts.filter((c) => sameRule(c.loser, result)).map((c) => c.path);
  const own = result.fix.patch.filter((op) => !lost.some((path) => within(op.path, path) || within(path, op.path)));
  return own.length > 0 ? own : applied.patch;
}
