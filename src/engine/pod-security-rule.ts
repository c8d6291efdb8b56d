import type { JsonObject, JsonValue } from '../core/json.ts';
import { evaluatePodSecurity, parsePodSecurityRule, podSecurityMessage } from './podsecurity/index.ts';
import { podView } from './pod-template.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';

/** Parsed podSecurity blocks of the loaded policies (each is evaluated on every Pod). */
const PARSED = new WeakMap<object, ReturnType<typeof parsePodSecurityRule>>();

function parsed(spec: JsonValue): ReturnType<typeof parsePodSecurityRule> {
  if (spec === null || typeof spec !== 'object') return parsePodSecurityRule(spec);
  let rule = PARSED.get(spec);
  if (rule === undefined) {
    rule = parsePodSecurityRule(spec);
    PARSED.set(spec, rule);
  }
  return rule;
}

/** validate.podSecurity on a Pod or on the Pod template of a controller. */
export function validatePodSecurityRule(spec: JsonValue, resource: JsonObject): RuleOutcome {
  const rule = parsed(spec);
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
