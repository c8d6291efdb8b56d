import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { AdmissionProgram, MatchResources } from '../../engine/cel/program.ts';
import type { CelProgramEntry } from './types.ts';

/**
 * Kyverno's auto-generation for ValidatingPolicy and MutatingPolicy (pkg/cel/autogen): a
 * policy that matches exactly Pods (core/v1 `pods`, no names, no exclusions, no object
 * selector) also gets programs for the pod controllers — Deployment, DaemonSet, StatefulSet,
 * ReplicaSet, Job (`object.spec` → `object.spec.template.spec`) and CronJob
 * (`object.spec.jobTemplate.spec.template.spec`) — unless `spec.autogen.podControllers.controllers`
 * names fewer.
 */

interface Target {
  group: string;
  version: string;
  resource: string;
}

const CONFIGS: Record<string, { target: Target; ref: 'defaults' | 'cronjobs' }> = {
  daemonsets: { target: { group: 'apps', version: 'v1', resource: 'daemonsets' }, ref: 'defaults' },
  deployments: { target: { group: 'apps', version: 'v1', resource: 'deployments' }, ref: 'defaults' },
  replicasets: { target: { group: 'apps', version: 'v1', resource: 'replicasets' }, ref: 'defaults' },
  statefulsets: { target: { group: 'apps', version: 'v1', resource: 'statefulsets' }, ref: 'defaults' },
  jobs: { target: { group: 'batch', version: 'v1', resource: 'jobs' }, ref: 'defaults' },
  cronjobs: { target: { group: 'batch', version: 'v1', resource: 'cronjobs' }, ref: 'cronjobs' },
};

const REPLACEMENTS: Record<'defaults' | 'cronjobs', [string, string][]> = {
  defaults: [
    ['spec', 'spec.template.spec'],
    ['metadata', 'spec.template.metadata'],
  ],
  cronjobs: [
    ['spec', 'spec.jobTemplate.spec.template.spec'],
    ['metadata', 'spec.jobTemplate.spec.template.metadata'],
  ],
};

const only = (value: JsonValue | undefined, want: string): boolean => isArray(value) && value.length === 1 && value[0] === want;

/** Kyverno's CanAutoGen. */
function canAutogen(match: MatchResources | undefined): match is MatchResources {
  if (!match) return false;
  const selector = match.objectSelector;
  if (selector && ((isObject(selector['matchLabels']) && Object.keys(selector['matchLabels']).length > 0) || (isArray(selector['matchExpressions']) && selector['matchExpressions'].length > 0))) return false;
  if (match.excludeResourceRules.length > 0 || match.resourceRules.length !== 1) return false;
  const rule = match.resourceRules[0] as JsonObject;
  if (isArray(rule['resourceNames']) && rule['resourceNames'].length > 0) return false;
  return only(rule['apiGroups'], '') && only(rule['apiVersions'], 'v1') && only(rule['resources'], 'pods');
}

function requestedControllers(spec: JsonObject): string[] {
  const autogen = isObject(spec['autogen']) ? spec['autogen'] : undefined;
  const pod = autogen && isObject(autogen['podControllers']) ? autogen['podControllers'] : undefined;
  if (pod && isArray(pod['controllers'])) return pod['controllers'].filter((c): c is string => typeof c === 'string');
  return Object.keys(CONFIGS);
}

function controllerMatch(targets: Target[], base: MatchResources): MatchResources {
  const operations = (base.resourceRules[0] as JsonObject)['operations'] ?? [];
  const byGroupVersion = new Map<string, Target[]>();
  for (const t of targets) byGroupVersion.set(`${t.group}/${t.version}`, [...(byGroupVersion.get(`${t.group}/${t.version}`) ?? []), t]);
  const resourceRules = [...byGroupVersion.keys()].sort().map((key): JsonObject => {
    const list = byGroupVersion.get(key) as Target[];
    const first = list[0] as Target;
    return { apiGroups: [first.group], apiVersions: [first.version], resources: list.map((t) => t.resource).sort(), operations };
  });
  const match: MatchResources = { resourceRules, excludeResourceRules: [] };
  if (base.namespaceSelector) match.namespaceSelector = base.namespaceSelector;
  return match;
}

/** Kyverno's Replacement.Apply: `object.<from>` → `object.<to>` (and oldObject), except before `.namespace`. */
function replaceRefs(text: string, replacements: [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    for (const root of ['object.', 'oldObject.']) {
      out = out.replace(new RegExp(`${root.replace('.', '\\.')}${from}(?!\\.namespace(?![A-Za-z0-9_]))`, 'g'), root + to);
    }
  }
  return out;
}

/** ValidatingPolicy: the whole spec is rewritten (conditions, variables, validations, messages). */
function rewriteValidating(program: AdmissionProgram, replacements: [string, string][]): AdmissionProgram {
  const text = (s: string): string => replaceRefs(s, replacements);
  return {
    ...program,
    matchConditions: program.matchConditions.map((c) => ({ ...c, expression: text(c.expression) })),
    variables: program.variables.map((v) => ({ ...v, expression: text(v.expression) })),
    validations: program.validations.map((v) => {
      const out = { ...v, expression: text(v.expression) };
      if (v.message !== undefined) out.message = text(v.message);
      if (v.messageExpression !== undefined) out.messageExpression = text(v.messageExpression);
      return out;
    }),
  };
}

const SPEC_RE = /\b(object|oldObject|Object)\.spec/g;
const LABELS_RE = /\b(object|oldObject|Object)\.metadata\.labels/g;
const ANNOTATIONS_RE = /\b(object|oldObject|Object)\.metadata\.annotations/g;

/** Kyverno's convertPodToTemplateExpression for MutatingPolicy conditions and ApplyConfigurations. */
function podToTemplate(expression: string, ref: 'defaults' | 'cronjobs'): string {
  const spec = ref === 'cronjobs' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  const metadata = ref === 'cronjobs' ? 'spec.jobTemplate.spec.template.metadata' : 'spec.template.metadata';
  let out = expression.replace(SPEC_RE, `$1.${spec}`).replace(LABELS_RE, `$1.${metadata}.labels`).replace(ANNOTATIONS_RE, `$1.${metadata}.annotations`);
  const trimmed = out.trim();
  if (!trimmed.startsWith('Object')) return out;
  const rest = trimmed.slice('Object'.length).trimStart();
  if (!rest.startsWith('{')) return out;
  const content = rest.slice(1);
  let depth = 1;
  let end = -1;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === '{') depth++;
    else if (content[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  if (end <= 0) return out;
  const [wrapper, closing] =
    ref === 'cronjobs'
      ? ['Object{spec: Object.spec{jobTemplate: Object.spec.jobTemplate{spec: Object.spec.jobTemplate.spec{template: Object.spec.jobTemplate.spec.template{', '}}}}}']
      : ['Object{spec: Object.spec{template: Object.spec.template{', '}}}'];
  out = wrapper + content.slice(0, end) + closing + content.slice(end + 1);
  return out;
}

function rewriteMutating(program: AdmissionProgram, ref: 'defaults' | 'cronjobs'): AdmissionProgram {
  return {
    ...program,
    matchConditions: program.matchConditions.map((c) => ({ ...c, expression: podToTemplate(c.expression, ref) })),
    mutations: program.mutations.map((m) => (m.patchType === 'ApplyConfiguration' ? { ...m, expression: podToTemplate(m.expression, ref) } : m)),
  };
}

/** The auto-generated controller programs of a Kyverno CEL policy (none when it cannot be auto-generated). */
export function autogenPrograms(policyName: string, spec: JsonObject, program: AdmissionProgram, kind: 'validating' | 'mutating'): CelProgramEntry[] {
  if (!canAutogen(program.match)) return [];
  const base = program.match;
  const byRef = new Map<'defaults' | 'cronjobs', Target[]>();
  for (const controller of requestedControllers(spec)) {
    const config = CONFIGS[controller];
    if (config) byRef.set(config.ref, [...(byRef.get(config.ref) ?? []), config.target]);
  }
  const out: CelProgramEntry[] = [];
  for (const ref of ['defaults', 'cronjobs'] as const) {
    const targets = byRef.get(ref);
    if (!targets) continue;
    const rewritten = kind === 'validating' ? rewriteValidating(program, REPLACEMENTS[ref]) : rewriteMutating(program, ref);
    out.push({
      name: ref === 'cronjobs' ? `autogen-cronjob-${policyName}` : `autogen-${policyName}`,
      program: { ...rewritten, match: controllerMatch(targets, base) },
      autogen: ref === 'cronjobs' ? 'cronjob' : 'pod-controllers',
    });
  }
  return out;
}
