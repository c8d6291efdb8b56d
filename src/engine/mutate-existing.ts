import { isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { err, ok, type Outcome } from '../core/outcome.ts';
import { evaluateConditions } from './conditions.ts';
import { loadContext } from './context-entries.ts';
import { selectorMatches, stringMap } from './match/selector.ts';
import { applyMutate } from './mutate/index.ts';
import { setDotted } from './scope-data.ts';
import type { RuleStatus } from './types.ts';
import { substituteAll, type VariableScope } from './variables.ts';
import { wildcardMatch } from './wildcard.ts';

/** What a mutate-existing rule did to one of its targets. */
export interface TargetResult {
  /** The target as it was. */
  resource: JsonObject;
  status: RuleStatus;
  message: string;
  /** The target after the patch, when it changed. */
  patched?: JsonObject;
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

function metadataOf(resource: JsonObject): JsonObject {
  return isObject(resource['metadata']) ? resource['metadata'] : {};
}

/** Does an existing resource fit a (substituted) target spec: apiVersion, kind, namespace, name (wildcards) and selector? */
function selects(spec: JsonObject, resource: JsonObject, policyNamespace: string | undefined): Outcome<boolean> {
  if (text(spec['apiVersion']) !== '' && text(spec['apiVersion']) !== text(resource['apiVersion'])) return ok(false);
  if (!wildcardMatch(text(spec['kind']), text(resource['kind']))) return ok(false);
  const metadata = metadataOf(resource);
  const namespace = policyNamespace ?? text(spec['namespace']);
  if (namespace !== '' && !wildcardMatch(namespace, text(metadata['namespace']))) return ok(false);
  const name = text(spec['name']);
  if (name !== '' && !wildcardMatch(name, text(metadata['name']))) return ok(false);
  if (spec['selector'] !== undefined && spec['selector'] !== null) {
    const verdict = selectorMatches(spec['selector'], stringMap(metadata['labels']));
    if ('error' in verdict) return err(`target selector: ${verdict.error}`);
    return ok(verdict.matched);
  }
  return ok(true);
}

/** The target spec with its variables substituted; `context` and `preconditions` are evaluated per target later. */
function resolveSpec(target: JsonObject, scope: VariableScope): Outcome<JsonObject> {
  const { context: _context, preconditions: _preconditions, ...selector } = target;
  const resolved = substituteAll(selector, scope);
  if (!resolved.ok) return err(`failed to substitute variables in the target: ${resolved.error}`);
  return isObject(resolved.value) ? ok(resolved.value) : err('a target must be a mapping');
}

function mutateOne(spec: JsonObject, mutate: JsonObject, resource: JsonObject, scope: VariableScope): TargetResult {
  const targetScope: VariableScope = { ...scope, data: setDotted(scope.data, 'target', resource) };
  const loaded = loadContext(spec['context'], targetScope);
  if (!loaded.ok) return { resource, status: 'error', message: `failed to load context: ${loaded.error}` };
  if (spec['preconditions'] !== undefined && spec['preconditions'] !== null) {
    const verdict = evaluateConditions(spec['preconditions'], loaded.value);
    if (!verdict.ok) return { resource, status: 'error', message: `failed to evaluate preconditions: ${verdict.error}` };
    if (!verdict.value.holds) return { resource, status: 'skip', message: 'preconditions not met' };
  }
  const { targets: _targets, ...patch } = mutate;
  const result = applyMutate(resource, patch, loaded.value);
  if (result.status === 'pass') return { resource, status: 'pass', message: 'resource patched', patched: result.patched };
  return { resource, status: result.status, message: result.message };
}

/**
 * Kyverno's mutate-existing rules (`mutate.targets`): every existing resource a target
 * selects (from `existing`, what stands in for the cluster) is patched on its own, with
 * `target` in scope and the target's own `context` and `preconditions`. One result per
 * target; a target the patch does not change is `skip` ("no patches applied").
 */
export function mutateExisting(mutate: JsonObject, existing: readonly JsonObject[], scope: VariableScope, policyNamespace?: string): Outcome<TargetResult[]> {
  const targets = isArray(mutate['targets']) ? mutate['targets'].filter(isObject) : [];
  const results: TargetResult[] = [];
  for (const target of targets) {
    const spec = resolveSpec(target, scope);
    if (!spec.ok) return spec;
    for (const resource of existing) {
      const selected = selects(spec.value, resource, policyNamespace);
      if (!selected.ok) return selected;
      if (selected.value) results.push(mutateOne({ ...spec.value, context: target['context'] ?? null, preconditions: target['preconditions'] ?? null }, mutate, resource, scope));
    }
  }
  return ok(results);
}
