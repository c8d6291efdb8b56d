import type { JsonObject } from '../../src/core/json.ts';

/**
 * A Pod policy of our own, `no-escalation`, whose fix sets allowPrivilegeEscalation: false on
 * every container. `requireField`: the securityContext must say so (otherwise a container
 * without one passes, as the anchors `=()` let it).
 */
export function noEscalationPolicy(requireField = false): JsonObject {
  const container = requireField ? { securityContext: { allowPrivilegeEscalation: false } } : { '=(securityContext)': { '=(allowPrivilegeEscalation)': false } };
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: 'no-escalation',
      annotations: {
        'preadmit.dev/fix.no-escalation': [
          'description: Forbid privilege escalation',
          'foreach:',
          '  - list: request.object.spec.containers',
          '    patchStrategicMerge:',
          '      spec:',
          '        containers:',
          '          - name: "{{ element.name }}"',
          '            securityContext:',
          '              allowPrivilegeEscalation: false',
        ].join('\n'),
      },
    },
    spec: {
      validationFailureAction: 'Enforce',
      rules: [
        {
          name: 'no-escalation',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          validate: { message: 'no escalation', pattern: { spec: { containers: [container] } } },
        },
      ],
    },
  };
}
