import { err, ok, type Outcome } from '../../core/outcome.ts';
import type { CelException } from '../../policy/cel/exceptions.ts';
import type { PolicyMeta } from '../types.ts';
import type { CelRequest } from './admission-request.ts';
import type { LifecycleCel } from './lifecycle-activation.ts';

/**
 * The CEL PolicyExceptions that name a GeneratingPolicy / DeletingPolicy (by name, and kind
 * when they give one) and whose match conditions all hold on the request, by name
 * (`namespace/name` for a namespaced exception). An exception whose condition cannot be
 * evaluated is an error: whether it exempts the resource is not known.
 */
export function exemptingExceptions(meta: PolicyMeta, exceptions: readonly CelException[], request: CelRequest, cel: LifecycleCel): Outcome<string[]> {
  const names: string[] = [];
  for (const exception of exceptions) {
    if (!exception.policyRefs.some((r) => r.name === meta.name && (r.kind === '' || r.kind === meta.kind))) continue;
    const act = cel.activation(request, []);
    if (!act.ok) return act;
    let holds = true;
    for (const condition of exception.program.matchConditions) {
      const verdict = cel.bool(condition.expression, act.value, `PolicyException ${exception.name} match condition ${condition.name}`);
      if (!verdict.ok) return err(verdict.error);
      if (!verdict.value) {
        holds = false;
        break;
      }
    }
    if (holds) names.push(exception.namespace ? `${exception.namespace}/${exception.name}` : exception.name);
  }
  return ok(names);
}
