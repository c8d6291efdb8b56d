import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { evaluatePodSecurity, parsePodSecurityRule } from './index.ts';

function run(subject: JsonObject, ruleSpec: JsonObject) {
  const rule = parsePodSecurityRule(ruleSpec);
  if (!rule.ok) throw new Error(rule.error);
  const result = evaluatePodSecurity(subject, rule.value);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function podWith(spec: JsonObject): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'mesh', namespace: 'apps' }, spec };
}

const privilegedPair = podWith({
  containers: [
    { name: 'proxy', image: 'docker.io/istio/proxyv2:1.20', securityContext: { privileged: true } },
    { name: 'web', image: 'registry.example/web:2', securityContext: { privileged: true } },
  ],
});

describe('podSecurity exclusions', () => {
  it('exempts only the containers running a matching image', () => {
    const result = run(privilegedPair, { level: 'baseline', exclude: [{ controlName: 'Privileged Containers', images: ['*/istio/proxyv2*'] }] });
    expect(result.allowed).toBe(false);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]?.paths).toEqual(['/spec/containers/1/securityContext/privileged']);
    const both = run(privilegedPair, { level: 'baseline', exclude: [{ controlName: 'Privileged Containers', images: ['*/istio/*', 'registry.example/web:?'] }] });
    expect(both).toEqual({ allowed: true, violations: [] });
  });

  it('leaves other controls in force', () => {
    const result = run(privilegedPair, { level: 'baseline', exclude: [{ controlName: 'Host Ports', images: ['*'] }] });
    expect(result.violations.map((v) => v.check)).toEqual(['privileged']);
  });

  describe('restrictedField and values', () => {
    const rule = {
      level: 'baseline',
      exclude: [
        {
          controlName: 'Capabilities',
          images: ['*/istio/proxyv2*'],
          restrictedField: 'spec.initContainers[*].securityContext.capabilities.add',
          values: ['NET_ADMIN', 'NET_RAW'],
        },
      ],
    };
    const withInitCaps = (add: string[]) =>
      podWith({
        initContainers: [{ name: 'istio-init', image: 'docker.io/istio/proxyv2:1.20', securityContext: { capabilities: { add } } }],
        containers: [{ name: 'web', image: 'registry.example/web:2' }],
      });

    it('exempts a field whose values are all allowed', () => {
      expect(run(withInitCaps(['NET_ADMIN', 'NET_RAW']), rule).allowed).toBe(true);
    });

    it('keeps the violation when any value is outside the list', () => {
      const result = run(withInitCaps(['NET_ADMIN', 'SYS_ADMIN']), rule);
      expect(result.allowed).toBe(false);
      expect(result.violations[0]?.paths).toEqual(['/spec/initContainers/0/securityContext/capabilities/add']);
    });

    it('does not reach the same setting on another kind of container', () => {
      const subject = podWith({
        containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.20', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }],
      });
      expect(run(subject, rule).allowed).toBe(false);
    });
  });

  it('applies a pod-level exclusion to pod fields, optionally narrowed to one field and value', () => {
    const subject = podWith({ hostNetwork: true, hostPID: true, containers: [{ name: 'agent', image: 'agent:1' }] });
    expect(run(subject, { level: 'baseline', exclude: [{ controlName: 'Host Namespaces' }] }).allowed).toBe(true);
    const narrowed = run(subject, {
      level: 'baseline',
      exclude: [{ controlName: 'Host Namespaces', restrictedField: 'spec.hostNetwork', values: ['true'] }],
    });
    expect(narrowed.allowed).toBe(false);
    expect(narrowed.violations[0]?.paths).toEqual(['/spec/hostPID']);
  });

  it('exempts sysctls by name with wildcards', () => {
    const subject = podWith({
      securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
      containers: [{ name: 'db', image: 'postgres:16' }],
    });
    const rule = (values: string[]) => ({
      level: 'baseline',
      exclude: [{ controlName: 'Sysctls', restrictedField: 'spec.securityContext.sysctls[*].name', values }],
    });
    expect(run(subject, rule(['net.core.*'])).allowed).toBe(true);
    expect(run(subject, rule(['kernel.*'])).allowed).toBe(false);
  });

  it('exempts the whole Seccomp control with a pod-level and an all-images exclusion', () => {
    const subject = podWith({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
      initContainers: [{ name: 'init', image: 'busybox:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      containers: [
        { name: 'a', image: 'nginx:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'Unconfined' } } },
        { name: 'b', image: 'redis:7', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      ],
    });
    const rule = { level: 'restricted', exclude: [{ controlName: 'Seccomp' }, { controlName: 'Seccomp', images: ['*'] }] };
    expect(run(subject, { level: 'restricted' }).violations.map((v) => v.check)).toEqual(['seccompProfile_restricted']);
    expect(run(subject, rule)).toEqual({ allowed: true, violations: [] });
    // The pod-level exclusion alone leaves the containers' own settings in force.
    expect(run(subject, { level: 'restricted', exclude: [{ controlName: 'Seccomp' }] }).allowed).toBe(false);
  });

  it('exempts a pod-level runAsUser=0 for the "Running as Non-root user" control', () => {
    const subject = podWith({
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'backup', image: 'kopia:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    });
    expect(run(subject, { level: 'restricted' }).violations.map((v) => v.message)).toEqual(['runAsUser=0 (pod must not set runAsUser=0)']);
    expect(run(subject, { level: 'restricted', exclude: [{ controlName: 'Running as Non-root user' }] }).allowed).toBe(true);
  });
});
