import { deepEqual, getAtPointer, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { evaluatePolicy, fixOfFailingRule } from '../engine/evaluate.ts';
import { applyJsonPatch, applyJsonPatchShared } from '../engine/mutate/index.ts';
import { hasSharedValues } from '../engine/footprint/shared-values.ts';
import { LAYERS, type AdmissionInput, type JsonPatchOperation, type RuleResult } from '../engine/types.ts';
import type { Policy } from '../policy/types.ts';
import { reevaluation } from './fix-reevaluation.ts';

/** Two fixes that set the same field to different values: the first (earlier layer) wins. */
export interface FixConflict {
  path: string;
  winner: RuleResult;
  winnerValue: JsonValue | undefined;
  loser: RuleResult;
  loserValue: JsonValue | undefined;
}

export interface ComposedFixes {
  /** The resource with every accepted fix applied. */
  patched: JsonObject;
  /** Fixes applied, in order, with the operations actually used. */
  applied: { result: RuleResult; patch: JsonPatchOperation[] }[];
  conflicts: FixConflict[];
  /** Fixes not applied, and why (they would break another rule, or could not apply). */
  rejected: { result: RuleResult; reason: string }[];
}

/** How many fixes one resource may take (fixes that reveal further fixable failures included). */
const MAX_STEPS = 32;

const key = (r: RuleResult): string => `${r.policy.name}/${r.rule}`;

/** Security first, then operations, then developer; within a layer by policy and rule name. */
export function layerOrder(a: RuleResult, b: RuleResult): number {
  return LAYERS.indexOf(a.policy.layer) - LAYERS.indexOf(b.policy.layer) || key(a).localeCompare(key(b));
}

/** The first of the results that `take` accepts in layerOrder: what sorting them would put first (a stable sort keeps the earliest of equals). */
function firstInOrder(results: readonly RuleResult[], take: (r: RuleResult) => boolean): RuleResult | undefined {
  let first: RuleResult | undefined;
  for (const r of results) {
    if (take(r) && (first === undefined || layerOrder(r, first) < 0)) first = r;
  }
  return first;
}

function failing(results: readonly RuleResult[]): Set<string> {
  return new Set(results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error').map(key));
}

/** Does a pointer lie at or under another? */
const within = (path: string, base: string): boolean => path === base || path.startsWith(base + '/');

/**
 * A rule's result on the current resource, with its fix derived. `rule` is its result there
 * without a fix: when the fix can be derived alone (see fixOfFailingRule), the rule is not evaluated again.
 */
function fixedResult(policy: Policy | undefined, rule: RuleResult, input: AdmissionInput): RuleResult | undefined {
  if (!policy) return undefined;
  const alone = fixOfFailingRule(policy, rule.rule, input);
  if (alone !== 'unknown') return alone.fix === undefined ? rule : { ...rule, fix: alone.fix };
  return evaluatePolicy(policy, { ...input, deriveFixes: true }).find((r) => r.rule === rule.rule);
}

/** Would the operation change what an earlier fix set at `ownerPath` to `ownerValue`? */
function overrides(op: JsonPatchOperation, ownerPath: string, ownerValue: JsonValue | undefined): boolean {
  if (within(op.path, ownerPath)) {
    const owned = ownerValue === undefined ? undefined : getAtPointer(ownerValue, op.path.slice(ownerPath.length));
    if (owned === undefined) return false;
    return op.op === 'remove' || !deepEqual(owned, op.value);
  }
  if (within(ownerPath, op.path)) {
    if (op.op === 'remove') return true;
    const next = op.value === undefined ? undefined : getAtPointer(op.value, ownerPath.slice(op.path.length));
    return !deepEqual(next, ownerValue);
  }
  return false;
}

interface Owner {
  result: RuleResult;
  value: JsonValue | undefined;
}

/** Do the rules whose fixes set the contested fields still pass once all of `ops` apply? */
function stillHold(contested: readonly ([string, Owner] | undefined)[], policies: readonly Policy[], ops: readonly JsonPatchOperation[], input: AdmissionInput, patch: typeof applyJsonPatch): boolean {
  const next = patch(input.resource, ops as unknown as JsonObject[]);
  if (!next.ok || !isObject(next.value)) return false;
  const resource = next.value;
  const owners = contested.flatMap((c) => (c ? [c[1].result] : []));
  return owners.every((owner) => {
    const policy = policies.find((p) => p.meta.name === owner.policy.name);
    const after = policy ? evaluatePolicy(policy, { ...input, resource, deriveFixes: false }).find((r) => r.rule === owner.rule) : undefined;
    return after !== undefined && (after.status === 'pass' || after.status === 'skip');
  });
}

/**
 * Compose the fixes of one resource's failing rules in layer order (security → operations
 * → developer). Each fix is derived afresh on the resource as the fixes before it left it,
 * so compatible fixes of one field merge. A fix that sets a field an earlier fix of another
 * policy set to another value is a conflict (the earlier one wins and the later operation
 * is dropped) unless the earlier policy's rule still passes with the later value (a stricter
 * policy going further, as Restricted after Baseline); a fix after which a rule that passed now fails is rejected. Rules that start
 * failing with fixes of their own are fixed in turn, up to a bound.
 * `results` are the rules' results on `input.resource` (evaluatePolicies on the same input);
 * after each fix only the policies it can affect are evaluated again (see reevaluation).
 */
export function composeFixes(
  input: AdmissionInput,
  policies: readonly Policy[],
  results: readonly RuleResult[],
): ComposedFixes {
  const applied: ComposedFixes['applied'] = [];
  const conflicts: FixConflict[] = [];
  const rejected: ComposedFixes['rejected'] = [];
  const owners = new Map<string, Owner>();
  const failingAtStart = failing(results);
  const done = new Set<string>();
  const byName = new Map(policies.map((p) => [p.meta.name, p]));
  const declaresFix = (r: RuleResult): boolean => byName.get(r.policy.name)?.fixes?.has(r.rule) === true;
  const again = reevaluation(input, policies, results);
  // each fixed version of the resource shares what its fix leaves alone with the one before,
  // unless a value is reached by two paths (YAML aliases), which a patch changes through both
  const patch = hasSharedValues(input.resource) ? applyJsonPatch : applyJsonPatchShared;
  let current = input.resource;
  let evaluated = results;
  for (let step = 0; step < MAX_STEPS; step++) {
    const candidate = firstInOrder(evaluated, (r) => (r.status === 'fail' || r.status === 'warn') && declaresFix(r) && !done.has(key(r)));
    if (!candidate) break;
    done.add(key(candidate));
    // the fix is derived on the resource as the fixes before it left it (only that policy is evaluated again)
    const policy = byName.get(candidate.policy.name);
    const known = candidate.fix === undefined && policy !== undefined ? again.knownResult(policy, candidate.rule) : undefined;
    const result = candidate.fix !== undefined ? candidate : (known ?? fixedResult(policy, candidate, { ...input, resource: current }));
    if (result?.fix === undefined) continue;
    const ops = result.fix?.patch ?? [];
    const contested = ops.map((op) => [...owners.entries()].find(([p, by]) => by.result.policy.name !== result.policy.name && overrides(op, p, by.value)));
    // a later fix may go further on a field an earlier one set when the earlier rule still holds with it
    const compatible = contested.some((c) => c !== undefined) && stillHold(contested, policies, ops, { ...input, resource: current }, patch);
    const kept: JsonPatchOperation[] = [];
    ops.forEach((op, index) => {
      const owner = contested[index];
      if (owner && !compatible) {
        const [path, by] = owner;
        conflicts.push({ path, winner: by.result, winnerValue: by.value, loser: result, loserValue: op.value });
        return;
      }
      kept.push(op);
    });
    if (kept.length === 0) continue;
    const next = patch(current, kept as unknown as JsonObject[]);
    if (!next.ok || !isObject(next.value)) {
      rejected.push({ result, reason: next.ok ? 'the patch does not yield an object' : next.error });
      continue;
    }
    const reevaluated = again.after(kept, current, next.value);
    const after = reevaluated.results;
    const broken = [...failing(after)].filter((k) => !failingAtStart.has(k) && !after.some((r) => key(r) === k && declaresFix(r)));
    if (broken.length > 0) {
      rejected.push({ result, reason: `applying it makes ${broken.join(', ')} fail` });
      continue;
    }
    current = next.value;
    evaluated = after;
    again.accept(reevaluated);
    for (const op of kept) owners.set(op.path, { result, value: op.value });
    applied.push({ result, patch: kept });
  }
  return { patched: current, applied, conflicts, rejected };
}
