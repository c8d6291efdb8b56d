import { isObject } from '../../core/json.ts';
import { resourceRef } from '../../core/resource-ref.ts';
import type { DeletingPolicy } from '../../policy/cel/lifecycle.ts';
import type { AdmissionInput, RuleResult, RuleStatus } from '../types.ts';
import { matchResources } from './admission-match.ts';
import { namespaceObjectFor } from './admission-request.ts';
import { celRequestOf } from './evaluate-policy.ts';
import { sharedLifecycleCel, type LifecycleCel } from './lifecycle-activation.ts';
import { exemptingExceptions } from './lifecycle-exceptions.ts';
import { stringMap } from '../match/selector.ts';

function result(policy: DeletingPolicy, status: RuleStatus, message: string): RuleResult {
  return { policy: policy.meta, rule: policy.meta.name, ruleType: 'validate', status, message, paths: [], action: 'Audit' };
}

/**
 * Evaluate a DeletingPolicy on an existing resource, as Kyverno's CLI does at its schedule: a
 * pass means the policy would delete the resource (its conditions all hold), a fail that it
 * would not (a condition is false, or a CEL PolicyException exempts it), an error that a
 * condition could not be evaluated. A resource spec.matchConstraints does not select gets no
 * result (operations do not matter: deletion is not an admission request); one without
 * apiVersion and kind (a JSON payload) is judged by the conditions alone.
 */
export function evaluateDeletingPolicy(policy: DeletingPolicy, input: AdmissionInput, cel: LifecycleCel = sharedLifecycleCel()): RuleResult[] {
  const resource = input.resource;
  const request = celRequestOf({ ...input, operation: 'CREATE' });
  if (resource['kind'] === 'Namespace') {
    // a Namespace is its own namespaceObject
    const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    request.namespaceObject = input.cel?.namespaces?.[name] ?? namespaceObjectFor(name, stringMap(metadata['labels']));
  }
  const typed = typeof resource['apiVersion'] === 'string' && resource['apiVersion'] !== '' && typeof resource['kind'] === 'string' && resource['kind'] !== '';
  if (typed) {
    if (!policy.match) return [];
    // a NamespacedDeletingPolicy deletes in its own namespace only
    if (policy.namespace !== undefined && resourceRef(resource).namespace !== policy.namespace) return [];
    const verdict = matchResources(policy.match, request, { withOperations: false });
    if ('error' in verdict) return [result(policy, 'error', verdict.error)];
    if (!verdict.applies) return [];
  }
  const exempt = exemptingExceptions(policy.meta, input.cel?.exceptions ?? [], request, cel);
  if (!exempt.ok) return [result(policy, 'error', exempt.error)];
  if (exempt.value.length > 0) return [result(policy, 'fail', `resource not deleted: exempted by policy exception ${exempt.value.join(', ')}`)];
  // a deletion is no admission request: there is no request or oldObject
  const act = cel.activation(request, policy.variables, { request: null, oldObject: null });
  if (!act.ok) return [result(policy, 'error', act.error)];
  const errors: string[] = [];
  for (const condition of policy.conditions) {
    const holds = cel.bool(condition.expression, act.value, `condition ${condition.name}`);
    if (!holds.ok) errors.push(holds.error);
    else if (!holds.value) return [result(policy, 'fail', `resource did not match: condition ${condition.name} is false, so it is not deleted`)];
  }
  if (errors.length > 0) return [result(policy, 'error', errors.join('; '))];
  return [result(policy, 'pass', 'resource matched: the policy deletes it')];
}
