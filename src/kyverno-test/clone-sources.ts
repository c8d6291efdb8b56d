import { resolve } from 'node:path';
import { appendAll } from '../core/append-all.ts';
import type { JsonObject } from '../core/json.ts';
import { ruleTypeOf } from '../engine/evaluate.ts';
import type { Policy } from '../policy/types.ts';
import type { DocumentSource } from './documents.ts';
import { withDefaultNamespace } from './patched.ts';
import type { TestSpec } from './test-spec.ts';

/** The key of a policy in the map loadCloneSources returns: `namespace/name` ('' namespace for a ClusterPolicy). */
export const policyKey = (policy: Policy): string => `${policy.meta.namespace ?? ''}/${policy.meta.name}`;

/** Does a test result's `policy` (`name` or `namespace/name`) name this policy? */
function names(policy: Policy, written: string): boolean {
  const slash = written.indexOf('/');
  if (slash < 0) return written === policy.meta.name;
  return written.slice(slash + 1) === policy.meta.name && written.slice(0, slash) === (policy.meta.namespace ?? '');
}

/**
 * The resources standing in for the cluster when a policy's generate rules run in a test: the
 * `cloneSourceResource` files of the results naming its generate rules (for each rule the first
 * result that gives one), namespaced resources without a namespace put in `default`. As in
 * Kyverno's CLI, every generate rule of the policy sees the sources of all of them.
 */
export async function loadCloneSources(spec: TestSpec, policies: readonly Policy[], base: string, source: DocumentSource, problems: string[]): Promise<Map<string, JsonObject[]>> {
  const byPolicy = new Map<string, JsonObject[]>();
  const read = new Map<string, JsonObject[]>();
  for (const policy of policies) {
    const resources: JsonObject[] = [];
    for (const rule of policy.rules) {
      if (rule.autogen !== undefined || ruleTypeOf(rule.raw) !== 'generate') continue;
      const file = spec.results.find((r) => r.rule === rule.name && r.cloneSourceResource !== undefined && names(policy, r.policy))?.cloneSourceResource;
      if (file === undefined) continue;
      let objects = read.get(file);
      if (objects === undefined) {
        const loaded = await source(resolve(base, file));
        appendAll(problems, loaded.problems);
        objects = loaded.documents.map((d) => withDefaultNamespace(d.object));
        read.set(file, objects);
      }
      appendAll(resources, objects);
    }
    if (resources.length > 0) byPolicy.set(policyKey(policy), resources);
  }
  return byPolicy;
}
