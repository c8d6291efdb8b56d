import { describe, expect, it } from 'vitest';
import { runMemorySuite, type SuiteFiles } from './memory-suite.ts';

const namespaces = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } },
];
const pods = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug-shell', namespace: 'lab' }, spec: { containers: [{ name: 'sh', image: 'busybox' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'lab' }, spec: { containers: [{ name: 'api', image: 'api:1' }] } },
];

/** Every new Namespace gets a `team-settings` ConfigMap naming it; debug Pods are reaped, in `lab` by a namespaced policy too. */
const policies = [
  {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'GeneratingPolicy',
    metadata: { name: 'team-settings' },
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['namespaces'] }] },
      generate: [
        { expression: 'generator.Apply(object.metadata.name, [{"apiVersion": dyn("v1"), "kind": dyn("ConfigMap"), "metadata": dyn({"name": "team-settings"}), "data": dyn({"team": object.metadata.name})}])' },
      ],
    },
  },
  {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'DeletingPolicy',
    metadata: { name: 'reap-debug' },
    spec: {
      schedule: '*/10 * * * *',
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] },
      conditions: [{ name: 'debug', expression: "object.metadata.name.startsWith('debug-')" }],
    },
  },
  {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'NamespacedDeletingPolicy',
    metadata: { name: 'reap-lab', namespace: 'lab' },
    spec: {
      schedule: '*/10 * * * *',
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] },
      conditions: [{ name: 'busybox', expression: "object.spec.containers.exists(c, c.image == 'busybox')" }],
    },
  },
];

const suite = (results: object[], extra: SuiteFiles = {}): SuiteFiles => ({
  'kyverno-test.yaml': { apiVersion: 'cli.kyverno.io/v1alpha1', kind: 'Test', metadata: { name: 'lifecycle' }, policies: ['policies.yaml'], resources: ['resources.yaml'], results },
  'policies.yaml': policies,
  'resources.yaml': [...namespaces, ...pods],
  'shop-settings.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', namespace: 'shop' }, data: { team: 'shop' } },
  ...extra,
});

const generatingRow = (over: object = {}) => ({ policy: 'team-settings', isGeneratingPolicy: true, kind: 'Namespace', resources: ['shop'], result: 'pass', generatedResource: 'shop-settings.yaml', ...over });
const deletingRow = (policy: string, resources: string[], result: string) => ({ policy, isDeletingPolicy: true, kind: 'Pod', resources, result });

describe('GeneratingPolicy and DeletingPolicy in kyverno tests', () => {
  it('compares what a GeneratingPolicy generates with generatedResource', async () => {
    const { cases, problems } = await runMemorySuite(suite([generatingRow()]));
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.actual, c.ok])).toEqual([['pass', true]]);
  });

  it('fails a row whose generated resource differs from the expected one, naming the field', async () => {
    const wrong = { 'shop-settings.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', namespace: 'shop' }, data: { team: 'lab' } } };
    const { cases } = await runMemorySuite(suite([generatingRow()], wrong));
    expect(cases[0]?.ok).toBe(false);
    expect(cases[0]?.message).toContain('/data/team');
  });

  it('reports which resources a DeletingPolicy (and a NamespacedDeletingPolicy) deletes: pass, and keeps: fail', async () => {
    const rows = [deletingRow('reap-debug', ['lab/debug-shell'], 'pass'), deletingRow('reap-debug', ['lab/api'], 'fail'), deletingRow('reap-lab', ['lab/debug-shell'], 'pass'), deletingRow('reap-lab', ['lab/api'], 'fail')];
    const { cases, problems } = await runMemorySuite(suite(rows));
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.policy, c.resource, c.actual, c.ok])).toEqual([
      ['reap-debug', 'lab/debug-shell', 'pass', true],
      ['reap-debug', 'lab/api', 'fail', true],
      ['reap-lab', 'lab/debug-shell', 'pass', true],
      ['reap-lab', 'lab/api', 'fail', true],
    ]);
  });

  it('does not pass an expectation about a resource the policy does not select', async () => {
    const { cases } = await runMemorySuite(suite([{ ...deletingRow('reap-debug', ['shop'], 'pass'), kind: 'Namespace' }, generatingRow({ kind: 'Pod', resources: ['lab/api'] })]));
    expect(cases.map((c) => [c.actual, c.ok])).toEqual([
      ['no result', false],
      ['no result', false],
    ]);
  });
});

describe('a GeneratingPolicy that generates nothing', () => {
  it('fails a row expecting a generated resource: nothing was compared', async () => {
    const quiet = policies.map((p) => (p.kind === 'GeneratingPolicy' ? { ...p, spec: { ...p.spec, generate: [{ expression: '[].all(x, generator.Apply("shop", [x]))' }] } } : p));
    const { cases } = await runMemorySuite(suite([generatingRow()], { 'policies.yaml': quiet }));
    expect(cases.map((c) => [c.actual, c.ok])).toEqual([['pass', false]]);
    expect(cases[0]?.message).toContain('generated nothing');
  });
});
