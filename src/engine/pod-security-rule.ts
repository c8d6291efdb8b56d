import type { JsonObject, JsonValue } from '../core/json.ts';
import { evaluatePodSecurity, parsePodSecurityRule, podSecurityMessage } from './podsecurity/index.ts';
import { podView } from './pod-template.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';

/** validate.podSecurity on a Pod or on the Pod template of a controller. */
export function validatePodSecurityRule(spec: JsonValue, resource: JsonObject): RuleOutcome {
  const rule = parsePodSecurityRule(spec);
  if (!rule.ok) return outcome('error', `podSecurity: ${rule.error}`);
  const view = podView(resource);
  if (!view) return outcome('skip', `podSecurity applies to Pods and pod controllers, not ${String(resource['kind'])}`);
  const result = evaluatePodSecurity(view.pod, rule.value);
  if (!result.ok) return outcome('error', `podSecurity: ${result.error}`);
  if (result.value.allowed) return outcome('pass', '');
  const violations = result.value.violations;
  return outcome(
    'fail',
    podSecurityMessage(rule.value, violations),
    violations.flatMap((v) => v.paths.map((p) => view.prefix + p)),
  );
}
