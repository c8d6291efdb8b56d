import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { readMatchResources } from '../../engine/cel/admission-match.ts';
import type { MatchResources, NamedExpression } from '../../engine/cel/program.ts';
import type { Layer, PolicyMeta } from '../../engine/types.ts';
import { policyMeta } from '../meta.ts';
import { named } from './read-program.ts';

/**
 * GeneratingPolicy and DeletingPolicy (policies.kyverno.io, and their Namespaced kinds): the
 * CEL kinds that act on other resources rather than judge the one admitted. `check` reports
 * them as not evaluated; `preadmit test` evaluates them as Kyverno's CLI does (what they would
 * generate, which resources they would delete).
 */
export const LIFECYCLE_KINDS: Record<string, 'generating' | 'deleting'> = {
  GeneratingPolicy: 'generating',
  NamespacedGeneratingPolicy: 'generating',
  DeletingPolicy: 'deleting',
  NamespacedDeletingPolicy: 'deleting',
};

/** One `spec.generate` entry: a CEL expression calling generator.Apply, or a YAML template. */
export type Generation = { expression: string } | { template: string; interpolate: boolean };

interface LifecycleCommon {
  meta: PolicyMeta;
  /** The policy's namespace, for the Namespaced kinds. */
  namespace?: string;
  /** spec.matchConstraints; without it the policy selects nothing (a JSON payload aside, for a DeletingPolicy). */
  match?: MatchResources;
  variables: NamedExpression[];
}

export interface GeneratingPolicy extends LifecycleCommon {
  type: 'generating';
  matchConditions: NamedExpression[];
  generate: Generation[];
}

export interface DeletingPolicy extends LifecycleCommon {
  type: 'deleting';
  /** All must hold for the resource to be deleted. */
  conditions: NamedExpression[];
}

export type LifecyclePolicy = GeneratingPolicy | DeletingPolicy;

/** Is this a GeneratingPolicy / DeletingPolicy document (either scope)? */
export function isLifecyclePolicyDocument(object: JsonObject): boolean {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return kind in LIFECYCLE_KINDS && apiVersion.startsWith('policies.kyverno.io/');
}

function generations(list: JsonValue | undefined, problems: string[]): Generation[] {
  const out: Generation[] = [];
  for (const [i, entry] of (isArray(list) ? list : []).entries()) {
    const expression = isObject(entry) ? entry['expression'] : undefined;
    const template = isObject(entry) && isObject(entry['template']) ? entry['template'] : undefined;
    if (typeof expression === 'string' && expression !== '' && template !== undefined) {
      problems.push(`spec.generate[${i}] sets both expression and template; write only one`);
    } else if (typeof expression === 'string' && expression !== '') {
      out.push({ expression });
    } else if (template !== undefined && typeof template['value'] === 'string') {
      out.push({ template: template['value'], interpolate: template['interpolate'] === 'cel' });
    } else {
      problems.push(`spec.generate[${i}] needs an expression (calling generator.Apply) or a template with a value`);
    }
  }
  if (out.length === 0 && problems.length === 0) problems.push('spec.generate is empty: the policy generates nothing');
  return out;
}

/** Read a GeneratingPolicy / DeletingPolicy document; problems say what is wrong with it (prefixed with the policy). */
export function readLifecyclePolicy(
  object: JsonObject,
  layer: Layer,
  source?: { file: string; documentIndex: number },
): { policy?: LifecyclePolicy; problems: string[] } {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const type = LIFECYCLE_KINDS[kind];
  const meta = policyMeta(object, layer, source);
  if (type === undefined) return { problems: [`${kind} is not a GeneratingPolicy or DeletingPolicy`] };
  if (meta.name === '') return { problems: [`${kind} without metadata.name`] };
  const spec = isObject(object['spec']) ? object['spec'] : undefined;
  const where = `${kind} "${meta.name}"`;
  if (!spec) return { problems: [`${where}: spec is missing`] };
  const problems: string[] = [];
  const common: LifecycleCommon = { meta, variables: named(spec['variables'], 'spec.variables', problems) };
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  if (kind.startsWith('Namespaced')) common.namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : 'default';
  const match = readMatchResources(spec['matchConstraints']);
  if (match) common.match = match;
  const policy: LifecyclePolicy =
    type === 'generating'
      ? { ...common, type, matchConditions: named(spec['matchConditions'], 'spec.matchConditions', problems), generate: generations(spec['generate'], problems) }
      : { ...common, type, conditions: named(spec['conditions'], 'spec.conditions', problems) };
  if (type === 'generating' && !match) problems.push('spec.matchConstraints is missing: the policy selects no trigger and generates nothing');
  return { policy, problems: problems.map((p) => `${where}: ${p}`) };
}
