import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { matchRule } from '../engine/match.ts';
import { autogenRules } from './autogen.ts';
import type { Rule } from './types.ts';

const CONTROLLERS = [
  'apps/*/DaemonSet',
  'apps/*/Deployment',
  'batch/*/Job',
  'apps/*/ReplicaSet',
  'v1/ReplicationController',
  'apps/*/StatefulSet',
];

const policy = (annotations: Record<string, string> = {}): JsonObject => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p', annotations },
});
const rule = (raw: JsonObject): Rule => ({ name: String(raw['name']), raw });
const podMatch = { any: [{ resources: { kinds: ['Pod'] } }] };
const patternRule = rule({
  name: 'no-privileged',
  match: podMatch,
  validate: { message: 'no privileged containers', failureAction: 'Enforce', pattern: { spec: { containers: [{ '=(securityContext)': { '=(privileged)': false } }] } } },
});
const gen = (rules: Rule[], annotations?: Record<string, string>) => autogenRules(policy(annotations), rules);
const byName = (rules: Rule[], name: string): JsonObject => {
  const found = rules.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name} among ${rules.map((r) => r.name).join(', ')}`);
  return found.raw;
};

describe('autogenRules: which rules and controllers', () => {
  it('generates a controller rule and a CronJob rule by default', () => {
    const out = gen([patternRule]);
    expect(out.map((r) => [r.name, r.autogen])).toEqual([
      ['autogen-no-privileged', { from: 'no-privileged', target: 'pod-controllers' }],
      ['autogen-cronjob-no-privileged', { from: 'no-privileged', target: 'cronjob' }],
    ]);
    expect(byName(out, 'autogen-no-privileged')['match']).toEqual({ any: [{ resources: { kinds: CONTROLLERS } }] });
    expect(byName(out, 'autogen-cronjob-no-privileged')['match']).toEqual({ any: [{ resources: { kinds: ['batch/*/CronJob'] } }] });
  });

  it('honours the autogen-controllers annotation', () => {
    expect(gen([patternRule], { 'pod-policies.kyverno.io/autogen-controllers': 'none' })).toEqual([]);
    const subset = gen([patternRule], { 'pod-policies.kyverno.io/autogen-controllers': 'StatefulSet,Deployment' });
    expect(subset.map((r) => r.name)).toEqual(['autogen-no-privileged']);
    expect(byName(subset, 'autogen-no-privileged')['match']).toEqual({ any: [{ resources: { kinds: ['apps/*/Deployment', 'apps/*/StatefulSet'] } }] });
    const cronOnly = gen([patternRule], { 'pod-policies.kyverno.io/autogen-controllers': 'CronJob' });
    expect(cronOnly.map((r) => r.name)).toEqual(['autogen-cronjob-no-privileged']);
    const both = gen([patternRule], { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment,CronJob' });
    expect(both.map((r) => r.name)).toEqual(['autogen-no-privileged', 'autogen-cronjob-no-privileged']);
    expect(gen([patternRule], { 'pod-policies.kyverno.io/autogen-controllers': 'all' })).toHaveLength(2);
  });

  it('generates nothing for policies Kyverno cannot carry over', () => {
    const withSelector = rule({ name: 'r', match: { any: [{ resources: { kinds: ['Pod'], selector: { matchLabels: { a: 'b' } } } }] }, validate: { pattern: {} } });
    const withNames = rule({ name: 'r', match: { resources: { kinds: ['Pod'], names: ['web'] } }, validate: { pattern: {} } });
    const withAnnotations = rule({ name: 'r', match: { any: [{ resources: { kinds: ['Pod'], annotations: { a: 'b' } } }] }, validate: { pattern: {} } });
    const mixed = rule({ name: 'r', match: { any: [{ resources: { kinds: ['Pod', 'Deployment'] } }] }, validate: { pattern: {} } });
    const generating = rule({ name: 'g', match: podMatch, generate: { kind: 'ConfigMap' } });
    const json6902 = rule({ name: 'j', match: podMatch, mutate: { patchesJson6902: '- op: add\n  path: /spec/x\n  value: 1' } });
    for (const blocker of [withSelector, withNames, withAnnotations, mixed, generating, json6902]) {
      expect(gen([patternRule, blocker])).toEqual([]);
    }
  });

  it('skips rules that do not select Pods, or exclude other kinds only', () => {
    const deploymentsOnly = rule({ name: 'd', match: { any: [{ resources: { kinds: ['Deployment'] } }] }, validate: { pattern: {} } });
    expect(gen([deploymentsOnly])).toEqual([]);
    const excludesServices = rule({ ...patternRule.raw, name: 'x', exclude: { any: [{ resources: { kinds: ['Service'] } }] } });
    expect(gen([excludesServices])).toEqual([]);
    expect(gen([rule({ ...patternRule.raw, name: 'autogen-old' })])).toEqual([]);
  });

  it('accepts qualified Pod kinds and the legacy match form', () => {
    const legacy = rule({
      name: 'legacy',
      match: { resources: { kinds: ['v1/Pod'], namespaces: ['prod'] } },
      exclude: { resources: { kinds: ['Pod'], namespaces: ['kube-system'] } },
      validate: { pattern: { spec: {} } },
    });
    const out = gen([legacy]);
    expect(byName(out, 'autogen-legacy')['match']).toEqual({ resources: { kinds: CONTROLLERS, namespaces: ['prod'] } });
    expect(byName(out, 'autogen-legacy')['exclude']).toEqual({ resources: { kinds: CONTROLLERS, namespaces: ['kube-system'] } });
    expect(byName(out, 'autogen-cronjob-legacy')['exclude']).toEqual({ resources: { kinds: ['batch/*/CronJob'], namespaces: ['kube-system'] } });
  });

  it('rewrites only the Pod filters of any/all for controllers, every filter for CronJob', () => {
    const r = rule({
      name: 'any',
      match: podMatch,
      exclude: { any: [{ resources: { namespaces: ['kube-system'] } }, { resources: { kinds: ['Pod'], namespaces: ['infra'] } }] },
      validate: { pattern: {} },
    });
    const out = gen([r]);
    expect(byName(out, 'autogen-any')['exclude']).toEqual({
      any: [{ resources: { namespaces: ['kube-system'] } }, { resources: { kinds: CONTROLLERS, namespaces: ['infra'] } }],
    });
    expect(byName(out, 'autogen-cronjob-any')['exclude']).toEqual({
      any: [{ resources: { namespaces: ['kube-system'], kinds: ['batch/*/CronJob'] } }, { resources: { kinds: ['batch/*/CronJob'], namespaces: ['infra'] } }],
    });
  });

  it('truncates generated names to 63 characters', () => {
    const long = rule({ ...patternRule.raw, name: 'x'.repeat(60) });
    const names = gen([long]).map((r) => r.name);
    expect(names.every((n) => n.length === 63)).toBe(true);
  });
});

describe('autogenRules: rewrites', () => {
  it('wraps validate.pattern under the pod template and keeps the failure action', () => {
    const out = gen([patternRule]);
    const pattern = (patternRule.raw['validate'] as JsonObject)['pattern'];
    expect(byName(out, 'autogen-no-privileged')['validate']).toEqual({
      message: 'no privileged containers',
      failureAction: 'Enforce',
      pattern: { spec: { template: pattern } },
    });
    expect((byName(out, 'autogen-cronjob-no-privileged')['validate'] as JsonObject)['pattern']).toEqual({
      spec: { jobTemplate: { spec: { template: pattern } } },
    });
  });

  it('wraps each anyPattern', () => {
    const r = rule({ name: 'ap', match: podMatch, validate: { anyPattern: [{ spec: { a: 1 } }, { spec: { b: 2 } }] } });
    const out = gen([r]);
    expect((byName(out, 'autogen-ap')['validate'] as JsonObject)['anyPattern']).toEqual([
      { spec: { template: { spec: { a: 1 } } } },
      { spec: { template: { spec: { b: 2 } } } },
    ]);
  });

  it('rewrites request.object paths in deny, preconditions, messages and context', () => {
    const r = rule({
      name: 'deny',
      match: podMatch,
      context: [{ name: 'sa', variable: { jmesPath: 'request.object.spec.serviceAccountName' } }],
      preconditions: { all: [{ key: '{{ request.object.metadata.labels.app || \'\' }}', operator: 'NotEquals', value: '' }] },
      validate: {
        message: 'Pod {{ request.object.metadata.name }} must not use hostPID',
        deny: { conditions: { any: [{ key: '{{ request.object.spec.hostPID }}', operator: 'Equals', value: true }, { key: '{{ request.oldObject.spec.hostPID }}', operator: 'Equals', value: true }] } },
      },
    });
    const out = gen([r]);
    const controller = byName(out, 'autogen-deny');
    expect(controller['context']).toEqual([{ name: 'sa', variable: { jmesPath: 'request.object.spec.template.spec.serviceAccountName' } }]);
    expect(controller['preconditions']).toEqual({
      all: [{ key: "{{ request.object.spec.template.metadata.labels.app || '' }}", operator: 'NotEquals', value: '' }],
    });
    expect(controller['validate']).toEqual({
      message: 'Pod {{ request.object.spec.template.metadata.name }} must not use hostPID',
      deny: {
        conditions: {
          any: [
            { key: '{{ request.object.spec.template.spec.hostPID }}', operator: 'Equals', value: true },
            { key: '{{ request.oldObject.spec.template.spec.hostPID }}', operator: 'Equals', value: true },
          ],
        },
      },
    });
    const cron = byName(out, 'autogen-cronjob-deny');
    expect(JSON.stringify(cron['validate'])).toContain('request.object.spec.jobTemplate.spec.template.spec.hostPID');
    expect(JSON.stringify(cron['validate'])).toContain('request.object.spec.jobTemplate.spec.template.metadata.name');
    expect(JSON.stringify(cron)).not.toContain('spec.template.spec.template');
  });

  it('rewrites validate.foreach list expressions', () => {
    const r = rule({
      name: 'fe',
      match: podMatch,
      validate: { message: 'm', foreach: [{ list: 'request.object.spec.containers', deny: { conditions: { any: [{ key: '{{ element.name }}', operator: 'Equals', value: 'x' }] } } }] },
    });
    const out = gen([r]);
    expect(((byName(out, 'autogen-fe')['validate'] as JsonObject)['foreach'] as JsonObject[])[0]?.['list']).toBe('request.object.spec.template.spec.containers');
    expect(((byName(out, 'autogen-cronjob-fe')['validate'] as JsonObject)['foreach'] as JsonObject[])[0]?.['list']).toBe(
      'request.object.spec.jobTemplate.spec.template.spec.containers',
    );
  });

  it('wraps mutate.patchStrategicMerge and mutate.foreach patches', () => {
    const psm = rule({ name: 'psm', match: podMatch, mutate: { patchStrategicMerge: { spec: { '+(dnsPolicy)': 'ClusterFirst' } } } });
    const fe = rule({
      name: 'mfe',
      match: podMatch,
      mutate: { foreach: [{ list: 'request.object.spec.containers', patchStrategicMerge: { spec: { containers: [{ '(name)': '{{ element.name }}', imagePullPolicy: 'Always' }] } } }] },
    });
    const out = gen([psm, fe]);
    expect(byName(out, 'autogen-psm')['mutate']).toEqual({ patchStrategicMerge: { spec: { template: { spec: { '+(dnsPolicy)': 'ClusterFirst' } } } } });
    expect(byName(out, 'autogen-cronjob-psm')['mutate']).toEqual({
      patchStrategicMerge: { spec: { jobTemplate: { spec: { template: { spec: { '+(dnsPolicy)': 'ClusterFirst' } } } } } },
    });
    expect(byName(out, 'autogen-mfe')['mutate']).toEqual({
      foreach: [
        {
          list: 'request.object.spec.template.spec.containers',
          patchStrategicMerge: { spec: { template: { spec: { containers: [{ '(name)': '{{ element.name }}', imagePullPolicy: 'Always' }] } } } },
        },
      ],
    });
  });

  it('keeps validate.podSecurity as is', () => {
    const r = rule({ name: 'psa', match: podMatch, validate: { podSecurity: { level: 'restricted', version: 'latest', exclude: [{ controlName: 'Capabilities', images: ['*'] }] } } });
    const out = gen([r]);
    expect(byName(out, 'autogen-psa')['validate']).toEqual(r.raw['validate']);
    expect(byName(out, 'autogen-cronjob-psa')['validate']).toEqual(r.raw['validate']);
  });

  it('keeps validate.cel and rewrites its object paths', () => {
    const r = rule({ name: 'cel', match: podMatch, validate: { cel: { expressions: [{ expression: 'object.spec.hostNetwork != true' }] } } });
    const out = gen([r]);
    expect(byName(out, 'autogen-cel')['validate']).toEqual({ cel: { expressions: [{ expression: 'object.spec.template.spec.hostNetwork != true' }] } });
    expect(byName(out, 'autogen-cronjob-cel')['validate']).toEqual({
      cel: { expressions: [{ expression: 'object.spec.jobTemplate.spec.template.spec.hostNetwork != true' }] },
    });
  });

  it('generates nothing for rules without a carried-over body', () => {
    const r = rule({ name: 'mx', match: podMatch, mutate: { targets: [{ apiVersion: 'v1', kind: 'ConfigMap' }] } });
    expect(gen([r])).toEqual([]);
  });
});

describe('autogenRules: generated rules select what Kyverno selects', () => {
  const [controllerRule, cronRule] = gen([patternRule]);
  const select = (raw: JsonObject | undefined, resource: JsonObject) =>
    matchRule(raw ?? {}, { resource, operation: 'CREATE', policyKind: 'ClusterPolicy' }).applies;
  it('controller kinds, any version of their API group', () => {
    expect(select(controllerRule?.raw, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } })).toBe(true);
    expect(select(controllerRule?.raw, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } })).toBe(true);
    expect(select(controllerRule?.raw, { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' } })).toBe(true);
    expect(select(controllerRule?.raw, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toBe(false);
    expect(select(cronRule?.raw, { apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'c' } })).toBe(true);
  });
  it('not custom resources that share a controller kind name', () => {
    expect(select(controllerRule?.raw, { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'vj' } })).toBe(false);
  });
});
