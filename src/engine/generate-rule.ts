import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { evaluateConditions } from './conditions.ts';
import { loadContext } from './context-entries.ts';
import { elementScope, foreachElements } from './foreach.ts';
import { cloneInto, cloneList, type CloneResult } from './generate/clone.ts';
import { generatedResource, type Generator } from './generate/generated-resource.ts';
import { ClusterStandIn, describeKey, keyOf, type ResourceKey } from './generate/stand-in.ts';
import { outcome, type RuleOutcome } from './rule-outcome.ts';
import { substituteAll, type VariableScope } from './variables.ts';

/** A generate rule's outcome: `pass` with the resources it generates (none when its targets exist already). */
export type GenerateOutcome = RuleOutcome & { generated?: JsonObject[] };

/** What one pattern (the rule's, or a foreach entry's for one element) produced. */
interface Produced {
  generated: JsonObject[];
  /** Why a target was not generated (it exists, it would be cloned from itself, there is no data). */
  nothing: string[];
}

/** The fields of a generate pattern that say what to create; `synchronize` and the like do not change it. */
const PATTERN_FIELDS = ['apiVersion', 'kind', 'name', 'namespace', 'data', 'clone', 'cloneList'] as const;

function patternOf(raw: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const field of PATTERN_FIELDS) if (raw[field] !== undefined) out[field] = raw[field];
  return out;
}

function targetOf(spec: JsonObject): Outcome<ResourceKey> {
  const fields: Partial<Record<'apiVersion' | 'kind' | 'namespace' | 'name', string>> = {};
  for (const field of ['apiVersion', 'kind', 'namespace', 'name'] as const) {
    const value = spec[field];
    if (value !== undefined && value !== null && typeof value !== 'string') return err(`generate.${field} must be a string, not ${JSON.stringify(value)}`);
    fields[field] = value ?? '';
  }
  return ok({ apiVersion: fields.apiVersion ?? '', kind: fields.kind ?? '', namespace: fields.namespace ?? '', name: fields.name ?? '' });
}

/** A target to create needs an apiVersion, a kind and a name. */
function incomplete(target: ResourceKey): string | undefined {
  const missing = (['apiVersion', 'kind', 'name'] as const).filter((f) => target[f] === '');
  return missing.length === 0 ? undefined : `generate.${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty: Kyverno cannot create the resource`;
}

/** What a substituted pattern gives: a clone, a clone list, or `data`. */
function contentsOf(spec: JsonObject, target: ResourceKey, cluster: ClusterStandIn): Outcome<CloneResult[]> {
  const clone = isObject(spec['clone']) ? spec['clone'] : {};
  const list = isObject(spec['cloneList']) ? spec['cloneList'] : {};
  if (typeof clone['name'] === 'string' && clone['name'] !== '') {
    const problem = incomplete(target);
    if (problem !== undefined) return err(problem);
    const namespace = typeof clone['namespace'] === 'string' ? clone['namespace'] : '';
    const cloned = cloneInto(target, { apiVersion: target.apiVersion, kind: target.kind, namespace, name: clone['name'] }, cluster);
    return cloned.ok ? ok([cloned.value]) : cloned;
  }
  if (isArray(list['kinds']) && list['kinds'].length > 0) return cloneList(list, target.namespace, cluster);
  const data = spec['data'];
  if (data === undefined || data === null) return ok([{ nothing: 'the rule has no data, clone or cloneList, so Kyverno creates nothing' }]);
  if (!isObject(data)) return err('generate.data must be a mapping (the body of the resource to create)');
  const problem = incomplete(target);
  if (problem !== undefined) return err(problem);
  if (cluster.find(target) !== undefined) return ok([{ nothing: `${describeKey(target)} exists already` }]);
  return ok([{ content: data, target }]);
}

/** Substitute a pattern's variables and create what it describes in the stand-in cluster. */
function produce(raw: JsonObject, scope: VariableScope, cluster: ClusterStandIn, generator: Generator): Outcome<Produced> {
  const substituted = substituteAll(patternOf(raw), scope);
  if (!substituted.ok) return err(`variable substitution failed: ${substituted.error}`);
  const spec = isObject(substituted.value) ? substituted.value : {};
  const target = targetOf(spec);
  if (!target.ok) return target;
  const contents = contentsOf(spec, target.value, cluster);
  if (!contents.ok) return contents;
  const produced: Produced = { generated: [], nothing: [] };
  for (const content of contents.value) {
    if ('nothing' in content) {
      produced.nothing.push(content.nothing);
      continue;
    }
    const resource = generatedResource(content.content, content.target, generator);
    cluster.add(resource);
    produced.generated.push(resource);
  }
  return ok(produced);
}

/** `generate.foreach`: each entry's pattern once per element of its list, with `element` in scope and the entry's context and preconditions. */
function produceForeach(foreach: JsonValue, scope: VariableScope, cluster: ClusterStandIn, generator: Generator): Outcome<Produced> {
  if (!isArray(foreach)) return err('generate.foreach must be a list');
  const all: Produced = { generated: [], nothing: [] };
  for (const [i, entry] of foreach.entries()) {
    const where = `generate.foreach[${i}]`;
    if (!isObject(entry)) return err(`${where} must be a mapping`);
    const listed = foreachElements(entry['list'], scope);
    if ('error' in listed) return err(`${where}.list: ${listed.error}`);
    for (const [index, element] of listed.elements.entries()) {
      if (element === null) continue;
      const at = `${where} element ${index}`;
      const loaded = loadContext(entry['context'], elementScope(scope, element, index, 0));
      if (!loaded.ok) return err(`${at}: failed to load context: ${loaded.error}`);
      if (entry['preconditions'] !== undefined && entry['preconditions'] !== null) {
        const verdict = evaluateConditions(entry['preconditions'], loaded.value);
        if (!verdict.ok) return err(`${at}: preconditions: ${verdict.error}`);
        if (!verdict.value.holds) {
          all.nothing.push(`${at}: preconditions not met`);
          continue;
        }
      }
      const produced = produce(entry, loaded.value, cluster, generator);
      if (!produced.ok) return err(`${at}: ${produced.error}`);
      for (const r of produced.value.generated) all.generated.push(r);
      for (const n of produced.value.nothing) all.nothing.push(`${at}: ${n}`);
    }
  }
  return ok(all);
}

/**
 * A Kyverno generate rule whose match, exclude and preconditions selected the trigger (its
 * context loaded in `scope`): the resources it creates — `data` with its variables substituted,
 * a `clone` or `cloneList` of resources in `existing` (what stands in for the cluster besides
 * the trigger), or per element of a `foreach` — as Kyverno's generate controller creates them,
 * with its labels. A target that exists already is not generated again (the rule still passes).
 * What cannot be produced (a missing clone source, a variable that does not resolve) is an
 * `error` that says why.
 */
export function evaluateGenerateRule(generate: JsonValue | undefined, scope: VariableScope, generator: Generator, existing: readonly JsonObject[]): GenerateOutcome {
  if (!isObject(generate)) return outcome('error', 'generate must be a mapping');
  const cluster = new ClusterStandIn([generator.trigger, ...existing]);
  const produced = generate['foreach'] !== undefined && generate['foreach'] !== null ? produceForeach(generate['foreach'], scope, cluster, generator) : produce(generate, scope, cluster, generator);
  if (!produced.ok) return outcome('error', `generate: ${produced.error}`);
  const { generated, nothing } = produced.value;
  if (generated.length === 0) return { ...outcome('pass', `nothing generated: ${nothing.join('; ') || 'the foreach lists are empty'}`), generated };
  const names = generated.map((r) => `${keyOf(r).apiVersion} ${describeKey(keyOf(r))}`);
  return { ...outcome('pass', `generated ${names.join(', ')}`), generated };
}
