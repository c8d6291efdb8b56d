import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { loadPolicies } from '../../policy/load.ts';
import { evaluatePolicies } from '../evaluate.ts';

const policy: JsonObject = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: {
    name: 'run-as-non-root',
    annotations: {
      'preadmit.dev/fix.non-root': [
        'description: Set runAsNonRoot on every container',
        'foreach:',
        '  - list: request.object.spec.containers',
        '    patchStrategicMerge:',
        '      spec:',
        '        containers:',
        '          - name: "{{ element.name }}"',
        '            securityContext:',
        '              runAsNonRoot: true',
      ].join('\n'),
      'preadmit.dev/fix.wrong': 'patchStrategicMerge: {metadata: {labels: {x: y}}}',
    },
  },
  spec: {
    validationFailureAction: 'Enforce',
    rules: [
      {
        name: 'non-root',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: {
          message: 'run as non-root',
          pattern: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } },
        },
      },
      {
        name: 'wrong',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: 'needs a team label', pattern: { metadata: { labels: { team: '?*' } } } },
      },
    ],
  },
};

const deployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'nginx:1', securityContext: { runAsNonRoot: true } }] },
    },
  },
};

describe('declared fixes', () => {
  const loaded = loadPolicies([{ object: policy, file: 'p.yaml', documentIndex: 0 }], 'security');

  it('loads the fix annotations, including those of generated rules', () => {
    expect(loaded.problems).toEqual([]);
    const fixes = loaded.policies[0]?.fixes;
    expect([...(fixes?.keys() ?? [])].sort()).toEqual(['autogen-cronjob-non-root', 'autogen-non-root', 'autogen-cronjob-wrong', 'autogen-wrong', 'non-root', 'wrong'].sort());
  });

  it('attaches the patch that makes the rule pass, on the pod template of a Deployment', () => {
    const results = evaluatePolicies(loaded.policies, { resource: deployment, operation: 'CREATE' });
    const nonRoot = results.find((r) => r.rule === 'autogen-non-root');
    expect(nonRoot?.status).toBe('fail');
    expect(nonRoot?.fix).toEqual({
      description: 'Set runAsNonRoot on every container',
      patch: [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: { runAsNonRoot: true } }],
    });
  });

  it('offers no fix when the declared patch does not make the rule pass', () => {
    const results = evaluatePolicies(loaded.policies, { resource: deployment, operation: 'CREATE' });
    const wrong = results.find((r) => r.rule === 'autogen-wrong');
    expect(wrong?.status).toBe('fail');
    expect(wrong?.fix).toBeUndefined();
  });

  it('reports a fix annotation for an unknown rule', () => {
    const bad = structuredClone(policy);
    ((bad['metadata'] as JsonObject)['annotations'] as JsonObject)['preadmit.dev/fix.nope'] = 'patchStrategicMerge: {}';
    const result = loadPolicies([{ object: bad, file: 'p.yaml', documentIndex: 0 }], 'security');
    expect(result.problems.map((p) => p.message)).toContain('ClusterPolicy "run-as-non-root": annotation preadmit.dev/fix.nope names rule "nope", which the policy does not have');
  });
});
