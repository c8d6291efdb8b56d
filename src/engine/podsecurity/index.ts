import { isObject, type JsonObject } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { applyExclusions, type CheckOutcome } from './exclusions.ts';
import { fieldPointer } from './field-path.ts';
import { podParts } from './pod.ts';
import { selectChecks } from './registry.ts';
import type { PodSecurityRule } from './rule.ts';
import { parsePolicyVersion } from './version.ts';

export { parsePodSecurityRule } from './rule.ts';
export type { PodSecurityExclusion, PodSecurityRule } from './rule.ts';

export interface PodSecurityViolation {
  /** The check ID, e.g. 'privileged', 'capabilities_restricted'. */
  check: string;
  /** As the admission controller words it: `reason (detail)`. */
  message: string;
  /** JSON pointers relative to the Pod of each offending field (absent fields included where one is required). */
  paths: string[];
}

export interface PodSecurityResult {
  allowed: boolean;
  violations: PodSecurityViolation[];
}

/** The checks of a level and version, selected once. */
const SELECTED = new Map<string, ReturnType<typeof selectChecks>>();

function checksFor(level: 'baseline' | 'restricted', minor: number): ReturnType<typeof selectChecks> {
  const key = `${level}:${minor}`;
  let checks = SELECTED.get(key);
  if (checks === undefined) {
    checks = selectChecks(level, minor);
    SELECTED.set(key, checks);
  }
  return checks;
}

/** Evaluate a Pod-shaped object ({metadata, spec}) against a Pod Security Standards level and version. */
export function evaluatePodSecurity(pod: JsonObject, rule: PodSecurityRule): Outcome<PodSecurityResult> {
  if (!isObject(pod)) return err('the pod must be an object');
  if (rule.level === 'privileged') return ok({ allowed: true, violations: [] });
  if (rule.level !== 'baseline' && rule.level !== 'restricted') return err(`unknown level "${String(rule.level)}"`);
  const minor = parsePolicyVersion(rule.version);
  if (!minor.ok) return minor;
  const checks = checksFor(rule.level, minor.value);
  const evaluate = (subject: JsonObject): CheckOutcome[] => {
    const parts = podParts(subject);
    const outcomes: CheckOutcome[] = [];
    for (const { id, check } of checks) {
      const failure = check(parts);
      if (failure) outcomes.push({ id, failure, remaining: failure.errors });
    }
    return outcomes;
  };
  let outcomes = evaluate(pod);
  if (rule.exclude && rule.exclude.length > 0) outcomes = applyExclusions(pod, outcomes, rule.exclude, evaluate);
  const violations = outcomes.map(({ id, failure, remaining }) => ({
    check: id,
    message: failure.detail === '' ? failure.reason : `${failure.reason} (${failure.detail})`,
    paths: [...new Set(remaining.map(fieldPointer))],
  }));
  return ok({ allowed: violations.length === 0, violations });
}

/**
 * The admission controller's sentence for a rejected pod, e.g.
 * `violates PodSecurity "restricted:latest": privileged (container "web" must not set securityContext.privileged=true), …`.
 */
export function podSecurityMessage(rule: PodSecurityRule, violations: readonly PodSecurityViolation[]): string {
  return `violates PodSecurity "${rule.level}:${rule.version ?? 'latest'}": ${violations.map((v) => v.message).join(', ')}`;
}
