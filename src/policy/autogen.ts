// OWNER: helper H (autogen).
import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { containsKind, kindsOf } from '../engine/match/kinds.ts';
import { autogenBlocker, blockKinds, POD_CONTROLLERS, requestedControllers } from './autogen/eligibility.ts';
import { generateRule, keepRuleFields } from './autogen/rewrite.ts';
import { shiftReferences } from './autogen/variables.ts';
import type { Rule } from './types.ts';

const MAX_NAME = 63;
const autogenName = (prefix: string, name: string): string => `${prefix}-${name}`.slice(0, MAX_NAME);
const isAutogenName = (name: string): boolean => name.startsWith('autogen-');

/** The controllers of the non-CronJob rule, as Kyverno picks them from the requested list. */
function controllerKinds(requested: readonly string[]): string[] {
  const withoutCron = requested.filter((c) => c !== 'CronJob');
  if (withoutCron.length === 0) return [];
  if (withoutCron.length === 1 && withoutCron[0] === 'all') return [...POD_CONTROLLERS].sort();
  const known = withoutCron.filter((c) => (POD_CONTROLLERS as readonly string[]).includes(c));
  return (known.length > 0 ? known : withoutCron).slice().sort();
}

/** The controllers of the intermediate rule the CronJob rule is derived from (Kyverno passes the whole list, CronJob included). */
function cronControllerKinds(requested: readonly string[]): string[] {
  if (requested.length === 1 && requested[0] === 'all') return [...POD_CONTROLLERS].sort();
  const known = requested.filter((c) => (POD_CONTROLLERS as readonly string[]).includes(c));
  return (known.length > 0 ? known : [...requested]).slice().sort();
}

/** Does the rule select Pods (and, if it excludes by kind, exclude Pods)? */
function selectsPods(rule: JsonObject): boolean {
  const excludeKinds = blockKinds(rule['exclude']);
  return containsKind(blockKinds(rule['match']), 'Pod') && (excludeKinds.length === 0 || containsKind(excludeKinds, 'Pod'));
}

/** Replace the kinds of the filters that name Pod (controller rules). */
function podFiltersToControllers(filters: JsonValue[], gvkKinds: string[]): JsonValue[] {
  return filters.map((filter) => {
    if (!isObject(filter) || !isObject(filter['resources'])) return filter;
    if (!containsKind(kindsOf(filter['resources']), 'Pod')) return filter;
    return { ...filter, resources: { ...filter['resources'], kinds: gvkKinds } };
  });
}

/** Replace the kinds of every filter (CronJob rules). */
function allFiltersTo(filters: JsonValue[], gvkKinds: string[]): JsonValue[] {
  return filters.map((filter) => {
    if (!isObject(filter)) return filter;
    const resources = isObject(filter['resources']) ? filter['resources'] : {};
    return { ...filter, resources: { ...resources, kinds: gvkKinds } };
  });
}

function controllerRule(raw: JsonObject, kinds: string[]): JsonObject | undefined {
  if (kinds.length === 0 || !selectsPods(raw)) return undefined;
  const name = typeof raw['name'] === 'string' ? raw['name'] : '';
  return generateRule(raw, {
    name: autogenName('autogen', name),
    templateKey: 'template',
    shift: 'spec/template',
    kinds,
    rewriteFilters: podFiltersToControllers,
  });
}

function finish(rule: JsonObject, target: 'pod-controllers' | 'cronjob'): JsonObject {
  const kept = keepRuleFields(rule);
  const cel = isObject(kept['validate']) && kept['validate']['cel'] !== undefined && kept['validate']['cel'] !== null;
  const shifted = shiftReferences(kept, target, cel);
  return isObject(shifted) ? shifted : kept;
}

/**
 * Kyverno's auto-generation: for each rule that selects Pods, the rules for pod
 * controllers (`autogen-<name>`: Deployment, DaemonSet, StatefulSet, Job, ReplicaSet,
 * ReplicationController) and for CronJob (`autogen-cronjob-<name>`), honouring the
 * `pod-policies.kyverno.io/autogen-controllers` annotation. Returns only the generated rules.
 */
export function autogenRules(policy: JsonObject, rules: readonly Rule[]): Rule[] {
  const raws = rules.map((r) => r.raw);
  if (autogenBlocker(raws) !== undefined) return [];
  const requested = requestedControllers(policy);
  if (requested.length === 0) return [];
  const kinds = controllerKinds(requested);
  const wantsCron = requested.some((c) => c.includes('CronJob') || c.includes('all'));
  const out: Rule[] = [];
  for (const rule of rules) {
    if (isAutogenName(rule.name)) continue;
    const forControllers = controllerRule(rule.raw, kinds);
    if (forControllers) {
      const raw = finish(forControllers, 'pod-controllers');
      out.push({ name: String(raw['name']), raw, autogen: { from: rule.name, target: 'pod-controllers' } });
    }
    if (!wantsCron) continue;
    const base = controllerRule(rule.raw, cronControllerKinds(requested));
    const forCron = base
      ? generateRule(base, {
          name: autogenName('autogen-cronjob', rule.name),
          templateKey: 'jobTemplate',
          shift: 'spec/jobTemplate/spec/template',
          kinds: ['CronJob'],
          rewriteFilters: allFiltersTo,
        })
      : undefined;
    if (forCron) {
      const raw = finish(forCron, 'cronjob');
      out.push({ name: String(raw['name']), raw, autogen: { from: rule.name, target: 'cronjob' } });
    }
  }
  return out;
}

