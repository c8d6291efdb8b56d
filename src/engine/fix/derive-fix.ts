import type { JsonObject } from '../../core/json.ts';
import type { DeclaredFix, Rule } from '../../policy/types.ts';
import { applyMutate } from '../mutate/index.ts';
import type { Fix } from '../types.ts';
import type { VariableScope } from '../variables.ts';
import { jsonDiff } from './json-diff.ts';
import { keepListOrder } from './keep-order.ts';

export type FixDerivation = { fix: Fix; patched: JsonObject } | { problem: string };

/**
 * The fix of a failing rule: its declared mutate block applied to the resource, as RFC 6902
 * operations (merged lists in the resource's order: see keepListOrder). The caller re-checks the patched resource; a fix that changes nothing is none.
 */
export function deriveFix(declared: DeclaredFix, rule: Rule, resource: JsonObject, scope: VariableScope): FixDerivation {
  const result = applyMutate(resource, declared.mutate, scope);
  if (result.status === 'error') return { problem: `the fix of rule ${rule.name} cannot be applied: ${result.message}` };
  // a fix changes what fails and nothing else: merged lists keep their order
  const patched = keepListOrder(resource, result.patched);
  const patch = jsonDiff(resource, patched);
  if (patch.length === 0) return { problem: `the fix of rule ${rule.name} changes nothing on this resource` };
  return { fix: { patch, description: declared.description }, patched };
}
