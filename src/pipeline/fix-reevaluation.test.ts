/**
 * Composing fixes re-evaluates only the policies a fix can affect (and reuses fixes derived
 * on the resource as given while nothing they read changed): the outcome is the same as
 * re-evaluating every policy after every fix.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../core/json.ts';
import { evaluatePolicies } from '../engine/evaluate.ts';
import type { AdmissionInput, RuleResult } from '../engine/types.ts';
import { parseManifestText } from '../manifest/parse.ts';
import { composeFixes } from './compose-fixes.ts';
import { reevaluation } from './fix-reevaluation.ts';
import { configVariables } from '../config/policy-variables.ts';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import { loadPolicyDirs } from './load-policy-dirs.ts';
import { mutationAsFinding } from './mutation-findings.ts';
import { loadPolicies } from '../policy/load.ts';
import type { Policy } from '../policy/types.ts';
import { builtinFixResources } from '../../test/builtin-fix-resources.ts';

const root = join(import.meta.dirname, '..', '..');

/** Results whose policies cannot be told apart: composition then evaluates every policy after every fix (the reference). */
const opaque = (results: readonly RuleResult[]): RuleResult[] => results.map((r) => ({ ...r, policy: { ...r.policy } }));

function bothWays(policies: readonly Policy[], resource: JsonObject, extra: Partial<AdmissionInput> = {}): { incremental: unknown; reference: unknown } {
  const input: AdmissionInput = { resource, operation: 'CREATE', ...extra };
  const results = evaluatePolicies(policies, { ...input, deriveFixes: true }).map(mutationAsFinding);
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  return { incremental: strip(composeFixes(input, policies, results)), reference: strip(composeFixes(input, policies, opaque(results))) };
}

const fixtureResources = builtinFixResources;

const policy = (name: string, layer: string, validate: JsonObject, fix?: string): JsonObject => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name, annotations: { 'preadmit.dev/layer': layer, ...(fix ? { 'preadmit.dev/fix.r': fix } : {}) } },
  spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate }] },
});

describe('composing fixes incrementally', async () => {
  const builtin = (await loadPolicyDirs([join(root, 'policies')])).policies;

  it('gives what re-evaluating every policy after every fix gives, on the built-in policies', () => {
    const resources = fixtureResources();
    expect(resources.length).toBeGreaterThan(30);
    for (const resource of resources) {
      const { incremental, reference } = bothWays(builtin, resource);
      expect(incremental).toEqual(reference);
    }
  });

  it('gives the same with Values-file variables, as the CLI passes its configuration', () => {
    const variables = { ...configVariables(DEFAULT_CONFIG), 'preadmit.fixDefaults': { cpuRequest: '250m', memoryRequest: '64Mi', memoryLimit: '1Gi' } };
    for (const resource of fixtureResources()) {
      const { incremental, reference } = bothWays(builtin, resource, { valuesFor: () => variables });
      expect(incremental).toEqual(reference);
    }
  });

  it('reuses a fix derived at the start when the Values-file variables hold no braces, and only then', () => {
    const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    const known = (variables: Record<string, JsonValue>): RuleResult | undefined => {
      const input: AdmissionInput = { resource: pod, operation: 'CREATE', valuesFor: () => variables };
      const results = evaluatePolicies(builtin, { ...input, deriveFixes: true }).map(mutationAsFinding);
      const labels = builtin.find((p) => p.meta.name === 'recommended-labels');
      if (!labels) throw new Error('no recommended-labels policy');
      const failing = results.find((r) => r.policy.name === 'recommended-labels' && r.status === 'fail');
      expect(failing?.fix).toBeDefined();
      // nothing changed yet: the result at the start is the result now, when it can be trusted
      return reevaluation(input, builtin, results).knownResult(labels, failing?.rule ?? '');
    };
    expect(known(configVariables(DEFAULT_CONFIG))?.fix).toBeDefined();
    expect(known({ team: '{{ request.object.metadata.name }}' })).toBeUndefined();
  });

  it('evaluates in full a resource that reaches one object by two paths (YAML aliases)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: a, image: "nginx:1", securityContext: &sc {privileged: true}}',
      '  - {name: b, image: "nginx:1", securityContext: *sc}',
    ].join('\n');
    const resource = parseManifestText('pod.yaml', text).resources[0]?.object ?? {};
    const { incremental, reference } = bothWays(builtin, resource);
    expect(incremental).toEqual(reference);
  });

  it('sees through aliases: a fix of the labels also changes annotations that are the same object', () => {
    const policies = loadPolicies(
      [
        policy('needs-team', 'security', { pattern: { metadata: { labels: { team: '?*' } } } }, 'patchStrategicMerge: {metadata: {labels: {team: "x"}}}'),
        policy('no-team-annotation', 'operations', { pattern: { metadata: { annotations: { 'X(team)': null } } } }),
      ].map((object, i) => ({ object, file: 'p.yaml', documentIndex: i })),
      'security',
    ).policies;
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  labels: &l {app: a}', '  annotations: *l', 'spec: {containers: [{name: c, image: "nginx:1"}]}'].join('\n');
    const resource = parseManifestText('pod.yaml', text).resources[0]?.object ?? {};
    const { incremental, reference } = bothWays(policies, resource);
    expect(incremental).toEqual(reference);
    expect((incremental as { rejected: { reason: string }[] }).rejected.map((r) => r.reason)).toEqual(['applying it makes no-team-annotation/r fail']);
  });

  it('rejects a fix that makes a rule it does not read about fail', () => {
    const policies = loadPolicies(
      [
        policy('needs-label', 'security', { pattern: { metadata: { labels: { team: '?*' } } } }, 'patchStrategicMerge: {metadata: {labels: {team: "x"}}}'),
        policy('no-team-label', 'operations', { pattern: { metadata: { 'X(labels)': null } } }),
        policy('needs-probe', 'developer', { pattern: { spec: { containers: [{ livenessProbe: {} }] } } }, 'patchStrategicMerge: {spec: {containers: [{name: c, livenessProbe: {exec: {command: [true]}}}]}}'),
      ].map((object, i) => ({ object, file: 'p.yaml', documentIndex: i })),
      'security',
    ).policies;
    const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    const { incremental, reference } = bothWays(policies, pod);
    expect(incremental).toEqual(reference);
    const composed = incremental as { applied: { result: { policy: { name: string } } }[]; rejected: { reason: string }[] };
    expect(composed.rejected.map((r) => r.reason)).toEqual(['applying it makes no-team-label/r fail']);
    expect(composed.applied.map((a) => a.result.policy.name)).toEqual(['needs-probe']);
  });
});
