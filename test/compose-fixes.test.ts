/** Issue 4: fixes of several layers compose into one resource that passes them all; disagreements are conflicts. */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../src/core/json.ts';
import { evaluatePolicies } from '../src/engine/evaluate.ts';
import { loadPolicies } from '../src/policy/load.ts';
import { composeFixes } from '../src/pipeline/compose-fixes.ts';

function podPolicy(name: string, layer: string, rule: string, field: string, value: string | boolean, fix: string): JsonObject {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name, annotations: { 'preadmit.dev/layer': layer, [`preadmit.dev/fix.${rule}`]: fix } },
    spec: {
      validationFailureAction: 'Enforce',
      rules: [
        {
          name: rule,
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          validate: { message: `${field} must be ${String(value)}`, pattern: { spec: { containers: [field.includes('.') ? { [field.split('.')[0] as string]: { [field.split('.')[1] as string]: value } } : { [field]: value }] } } },
        },
      ],
    },
  };
}

const eachContainer = (body: string): string =>
  ['foreach:', '  - list: request.object.spec.containers', '    patchStrategicMerge:', '      spec:', '        containers:', '          - name: "{{ element.name }}"', ...body.split('\n').map((l) => '            ' + l)].join('\n');

const policies = loadPolicies(
  [
    podPolicy('sec-non-root', 'security', 'non-root', 'securityContext.runAsNonRoot', true, eachContainer('securityContext:\n  runAsNonRoot: true')),
    podPolicy('ops-read-only', 'operations', 'read-only', 'securityContext.readOnlyRootFilesystem', true, eachContainer('securityContext:\n  readOnlyRootFilesystem: true')),
    podPolicy('ops-pull-always', 'operations', 'pull-always', 'imagePullPolicy', 'Always', eachContainer('imagePullPolicy: Always')),
    podPolicy('dev-pull-cached', 'developer', 'pull-cached', 'imagePullPolicy', 'IfNotPresent', eachContainer('imagePullPolicy: IfNotPresent')),
  ].map((object, i) => ({ object, file: 'p.yaml', documentIndex: i })),
  'security',
).policies;

const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };

describe('composing fixes across layers', () => {
  const input = { resource: pod, operation: 'CREATE' as const };
  const results = evaluatePolicies(policies, input);
  const composed = composeFixes(input, policies, results);

  it('merges the security and operations fixes of one container into one resource that passes both', () => {
    const container = ((composed.patched['spec'] as JsonObject)['containers'] as JsonObject[])[0];
    expect(container?.['securityContext']).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    const after = evaluatePolicies(policies, { ...input, resource: composed.patched });
    expect(after.filter((r) => ['non-root', 'read-only', 'pull-always'].includes(r.rule)).map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(composed.applied.map((a) => `${a.result.policy.layer}:${a.result.policy.name}`)).toEqual([
      'security:sec-non-root',
      'operations:ops-pull-always',
      'operations:ops-read-only',
    ]);
  });

  it('reports two policies that set one field differently as a conflict that the earlier layer wins', () => {
    expect(composed.conflicts).toHaveLength(1);
    const conflict = composed.conflicts[0];
    expect(conflict?.path).toBe('/spec/containers/0/imagePullPolicy');
    expect(`${conflict?.winner.policy.name} ${String(conflict?.winnerValue)}`).toBe('ops-pull-always Always');
    expect(`${conflict?.loser.policy.name} ${String(conflict?.loserValue)}`).toBe('dev-pull-cached IfNotPresent');
  });
});
