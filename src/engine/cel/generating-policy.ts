import { appendAll } from '../../core/append-all.ts';
import { resourceRef } from '../../core/resource-ref.ts';
import type { JsonObject } from '../../core/json.ts';
import type { GeneratingPolicy } from '../../policy/cel/lifecycle.ts';
import type { AdmissionInput, RuleResult, RuleStatus } from '../types.ts';
import { GeneratorLibrary } from './adapter/index.ts';
import { matchResources } from './admission-match.ts';
import { subjectOf } from './admission-request.ts';
import { celRequestOf } from './evaluate-policy.ts';
import { renderTemplate } from './generate-template.ts';
import { generatedResources } from './generated-output.ts';
import { sharedLifecycleCel, type LifecycleCel } from './lifecycle-activation.ts';
import { exemptingExceptions } from './lifecycle-exceptions.ts';

function result(policy: GeneratingPolicy, status: RuleStatus, message: string, generated?: JsonObject[]): RuleResult {
  const out: RuleResult = { policy: policy.meta, rule: policy.meta.name, ruleType: 'generate', status, message, paths: [], action: 'Audit' };
  if (generated !== undefined) out.generated = generated;
  return out;
}

/**
 * Evaluate a GeneratingPolicy on a trigger, as Kyverno's CLI does: the trigger must match
 * spec.matchConstraints (else no result); a CEL PolicyException whose conditions hold skips it;
 * then spec.matchConditions must all hold (else no result); then each spec.generate entry in
 * order — an expression calling generator.Apply, or a YAML template — and the result is a pass
 * carrying what it generates. Any evaluation error (a failed lookup, a missing field, an
 * unmocked HTTP call) is an error result saying where; nothing is created anywhere.
 */
export function evaluateGeneratingPolicy(policy: GeneratingPolicy, input: AdmissionInput, cel: LifecycleCel = sharedLifecycleCel()): RuleResult[] {
  // a JSON payload is no Kubernetes resource: no trigger of a GeneratingPolicy
  if (input.jsonPayload === true || !policy.match) return [];
  const request = celRequestOf(input);
  const subject = subjectOf(request);
  if (policy.namespace !== undefined && resourceRef(subject).namespace !== policy.namespace) return [];
  const verdict = matchResources(policy.match, request);
  if ('error' in verdict) return [result(policy, 'error', `failed to execute matching: ${verdict.error}`)];
  if (!verdict.applies) return [];
  const exempt = exemptingExceptions(policy.meta, input.cel?.exceptions ?? [], request, cel);
  if (!exempt.ok) return [result(policy, 'error', `failed to evaluate policy: ${exempt.error}`)];
  if (exempt.value.length > 0) return [result(policy, 'skip', `rule is skipped due to policy exception: ${exempt.value.join(', ')}`)];
  const generated: JsonObject[] = [];
  const sink = (namespace: string, written: JsonObject[]): string | undefined => {
    const made = generatedResources(namespace, written, policy.namespace);
    if (!made.ok) return made.error;
    appendAll(generated, made.value);
    return undefined;
  };
  const act = cel.activation(request, policy.variables, { generator: new GeneratorLibrary(sink, policy.namespace) });
  if (!act.ok) return [result(policy, 'error', `failed to evaluate policy: ${act.error}`)];
  for (const condition of policy.matchConditions) {
    const holds = cel.bool(condition.expression, act.value, `match condition ${condition.name}`);
    if (!holds.ok) return [result(policy, 'error', `failed to evaluate policy: ${holds.error}`)];
    if (!holds.value) return [];
  }
  for (const [i, generation] of policy.generate.entries()) {
    if ('expression' in generation) {
      const done = cel.json(generation.expression, act.value);
      if (!done.ok) return [result(policy, 'error', `failed to evaluate policy: spec.generate[${i}]: ${done.error}`)];
      continue;
    }
    const rendered = renderTemplate(generation.template, generation.interpolate, (expression) => cel.json(expression, act.value));
    if (!rendered.ok) return [result(policy, 'error', `failed to evaluate policy: spec.generate[${i}].template: ${rendered.error}`)];
    for (const [namespace, resources] of byNamespace(rendered.value, policy.namespace)) {
      const refusal = typeof namespace === 'string' ? sink(namespace, resources) : namespace.error;
      if (refusal !== undefined) return [result(policy, 'error', `failed to evaluate policy: spec.generate[${i}].template: ${refusal}`)];
    }
  }
  return [result(policy, 'pass', 'policy evaluated successfully', generated)];
}

/**
 * A template's resources by the namespace each names (a NamespacedGeneratingPolicy's: its own,
 * which they may not leave), in the order the namespaces first appear.
 */
function byNamespace(resources: readonly JsonObject[], policyNamespace: string | undefined): Map<string | { error: string }, JsonObject[]> {
  const out = new Map<string | { error: string }, JsonObject[]>();
  for (const resource of resources) {
    let namespace = resourceRef(resource).namespace ?? '';
    if (policyNamespace !== undefined) {
      if (namespace === '') namespace = policyNamespace;
      else if (namespace !== policyNamespace) {
        out.set({ error: `a policy in namespace ${policyNamespace} cannot generate resources into namespace ${namespace}` }, []);
        return out;
      }
    }
    out.set(namespace, [...(out.get(namespace) ?? []), resource]);
  }
  return out;
}
