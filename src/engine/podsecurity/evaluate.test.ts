import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { evaluatePodSecurity, podSecurityMessage, type PodSecurityRule } from './index.ts';

/** A pod that passes restricted at every version; `patch` edits it. */
function pod(patch: (spec: JsonObject, metadata: JsonObject) => void = () => {}): JsonObject {
  const metadata: JsonObject = { name: 'app', namespace: 'shop' };
  const spec: JsonObject = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      { name: 'web', image: 'registry.example/web:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ],
  };
  patch(spec, metadata);
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

function container(spec: JsonObject, index = 0): JsonObject {
  return (spec['containers'] as JsonObject[])[index] as JsonObject;
}

function securityContext(spec: JsonObject, index = 0): JsonObject {
  return container(spec, index)['securityContext'] as JsonObject;
}

function run(subject: JsonObject, rule: PodSecurityRule) {
  const result = evaluatePodSecurity(subject, rule);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('evaluatePodSecurity', () => {
  it('passes a hardened pod at every level and version', () => {
    for (const level of ['baseline', 'restricted'] as const) {
      for (const version of ['v1.0', 'v1.22', 'v1.25', 'v1.35', 'latest']) {
        expect(run(pod(), { level, version })).toEqual({ allowed: true, violations: [] });
      }
    }
  });

  it('allows anything at the privileged level', () => {
    const subject = pod((spec) => { spec['hostNetwork'] = true; });
    expect(run(subject, { level: 'privileged' }).allowed).toBe(true);
  });

  it('words a privileged container as the admission controller does, with its field pointer', () => {
    const subject = pod((spec) => { securityContext(spec)['privileged'] = true; });
    expect(run(subject, { level: 'baseline' }).violations).toEqual([
      {
        check: 'privileged',
        message: 'privileged (container "web" must not set securityContext.privileged=true)',
        paths: ['/spec/containers/0/securityContext/privileged'],
      },
    ]);
  });

  it('lists init containers before containers and gives each failing field its own pointer', () => {
    const subject = pod((spec) => {
      spec['initContainers'] = [{ name: 'setup', image: 'busybox', ports: [{ containerPort: 80, hostPort: 8080 }] }];
      container(spec)['ports'] = [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }];
    });
    const [violation] = run(subject, { level: 'baseline' }).violations;
    expect(violation).toEqual({
      check: 'hostPorts',
      message: 'hostPort (containers "setup", "web" use hostPorts 80, 8080)',
      paths: ['/spec/initContainers/0/ports/0/hostPort', '/spec/containers/0/ports/0/hostPort'],
    });
  });

  it('reports host namespaces and capabilities in registration order', () => {
    const subject = pod((spec) => {
      spec['hostPID'] = true;
      spec['hostNetwork'] = true;
      securityContext(spec)['capabilities'] = { add: ['NET_RAW', 'CHOWN'] };
    });
    expect(run(subject, { level: 'baseline' }).violations.map((v) => v.message)).toEqual([
      'non-default capabilities (container "web" must not include "NET_RAW" in securityContext.capabilities.add)',
      'host namespaces (hostNetwork=true, hostPID=true)',
    ]);
  });

  it('at restricted, replaces the baseline capabilities check by the restricted one', () => {
    const subject = pod((spec) => { securityContext(spec)['capabilities'] = { add: ['SYS_ADMIN'] }; });
    const { violations } = run(subject, { level: 'restricted' });
    expect(violations).toEqual([
      {
        check: 'capabilities_restricted',
        message: 'unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]; container "web" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
        paths: ['/spec/containers/0/securityContext/capabilities/drop', '/spec/containers/0/securityContext/capabilities/add'],
      },
    ]);
  });

  it('requires runAsNonRoot at restricted, pointing at the missing field', () => {
    const subject = pod((spec) => { delete (spec['securityContext'] as JsonObject)['runAsNonRoot']; });
    expect(run(subject, { level: 'restricted' }).violations).toEqual([
      {
        check: 'runAsNonRoot',
        message: 'runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true)',
        paths: ['/spec/containers/0/securityContext/runAsNonRoot'],
      },
    ]);
  });

  it('grows the safe sysctls with the policy version', () => {
    const subject = pod((spec) => { (spec['securityContext'] as JsonObject)['sysctls'] = [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }]; });
    expect(run(subject, { level: 'baseline', version: 'v1.28' }).violations[0]?.message).toBe('forbidden sysctls (net.ipv4.tcp_keepalive_time)');
    expect(run(subject, { level: 'baseline', version: 'v1.29' }).allowed).toBe(true);
    const newest = pod((spec) => { (spec['securityContext'] as JsonObject)['sysctls'] = [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }]; });
    expect(run(newest, { level: 'baseline', version: 'v1.36' }).allowed).toBe(false);
    expect(run(newest, { level: 'baseline', version: 'v1.37' }).allowed).toBe(true);
    expect(run(newest, { level: 'baseline', version: 'latest' }).allowed).toBe(true);
    expect(run(newest, { level: 'baseline', version: 'v1.50' }).allowed).toBe(true);
  });

  it('checks probe and lifecycle hosts from v1.34 only', () => {
    const subject = pod((spec) => { container(spec)['readinessProbe'] = { httpGet: { host: '10.0.0.1', port: 80 } }; });
    expect(run(subject, { level: 'baseline', version: 'v1.33' }).allowed).toBe(true);
    expect(run(subject, { level: 'baseline', version: 'v1.34' }).violations).toEqual([
      {
        check: 'hostProbesAndHostLifecycle',
        message: 'probe or lifecycle host (container "web" uses probe or lifecycle host "10.0.0.1")',
        paths: ['/spec/containers/0/readinessProbe/httpGet/host'],
      },
    ]);
  });

  it('relaxes procMount for user-namespace pods at baseline v1.35, never at restricted', () => {
    const subject = pod((spec) => {
      spec['hostUsers'] = false;
      securityContext(spec)['procMount'] = 'Unmasked';
    });
    expect(run(subject, { level: 'baseline', version: 'v1.34' }).allowed).toBe(false);
    expect(run(subject, { level: 'baseline', version: 'v1.35' }).allowed).toBe(true);
    const restricted = run(subject, { level: 'restricted', version: 'v1.35' });
    expect(restricted.violations.map((v) => v.check)).toEqual(['procMount_restricted']);
    expect(restricted.violations[0]?.message).toBe('procMount (container "web" must not set securityContext.procMount to "Unmasked")');
  });

  it('exempts Windows pods from the Linux-only restricted checks from v1.25', () => {
    const subject = pod((spec) => {
      spec['os'] = { name: 'windows' };
      spec['securityContext'] = { runAsNonRoot: true };
      container(spec)['securityContext'] = {};
    });
    expect(run(subject, { level: 'restricted', version: 'v1.24' }).violations.map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
    expect(run(subject, { level: 'restricted', version: 'v1.25' }).allowed).toBe(true);
  });

  it('defaults a volume with no source to emptyDir, as the API server does', () => {
    const subject = pod((spec) => { spec['volumes'] = [{ name: 'scratch' }]; });
    expect(run(subject, { level: 'restricted' }).allowed).toBe(true);
    const nfs = pod((spec) => { spec['volumes'] = [{ name: 'share', nfs: { server: 'nas', path: '/' } }]; });
    expect(run(nfs, { level: 'restricted' }).violations).toEqual([
      {
        check: 'restrictedVolumes',
        message: 'restricted volume types (volume "share" uses restricted volume type "nfs")',
        paths: ['/spec/volumes/0/nfs'],
      },
    ]);
  });

  it('checks seccomp annotations before v1.19 and the fields after', () => {
    const annotated = pod((spec, metadata) => {
      metadata['annotations'] = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    });
    expect(run(annotated, { level: 'baseline', version: 'v1.18' }).violations[0]?.message).toBe(
      'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")',
    );
    expect(run(annotated, { level: 'baseline', version: 'v1.19' }).allowed).toBe(true);
  });

  it('checks AppArmor annotations and fields, with the annotation pointer', () => {
    const subject = pod((spec, metadata) => {
      metadata['annotations'] = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
      securityContext(spec)['appArmorProfile'] = { type: 'Unconfined' };
    });
    expect(run(subject, { level: 'baseline' }).violations).toEqual([
      {
        check: 'appArmorProfile',
        message:
          // Go's joinQuote does not escape: the annotation keeps its own quotes inside the list's.
          'forbidden AppArmor profiles (container "web" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/web="unconfined"")',
        paths: ['/spec/containers/0/securityContext/appArmorProfile/type', '/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web'],
      },
    ]);
  });

  it('rejects an unparsable version as an error value', () => {
    expect(evaluatePodSecurity(pod(), { level: 'baseline', version: 'one' })).toMatchObject({ ok: false });
  });
});

describe('explicit and implicit offenders', () => {
  it('words only the explicit offender, as the admission controller does, but points at every field', () => {
    const subject: JsonObject = {
      metadata: { name: 'p' },
      spec: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          { name: 'a', image: 'a', securityContext: { runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
          { name: 'b', image: 'b', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
        ],
      },
    };
    expect(run(subject, { level: 'restricted' }).violations).toEqual([
      {
        check: 'runAsNonRoot',
        message: 'runAsNonRoot != true (container "a" must not set securityContext.runAsNonRoot=false)',
        paths: ['/spec/containers/0/securityContext/runAsNonRoot', '/spec/containers/1/securityContext/runAsNonRoot'],
      },
    ]);
  });

  it('treats an empty seccomp annotation as forbidden before v1.19 (only an absent one is allowed)', () => {
    const subject: JsonObject = { metadata: { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': '' } }, spec: { containers: [{ name: 'c', image: 'c' }] } };
    expect(run(subject, { level: 'baseline', version: 'v1.18' }).allowed).toBe(false);
  });
});

describe('podSecurityMessage', () => {
  it('reads like the admission controller rejecting a pod', () => {
    const subject: JsonObject = { metadata: { name: 'p' }, spec: { hostIPC: true, containers: [{ name: 'web', image: 'w', securityContext: { privileged: true } }] } };
    const rule = { level: 'baseline' as const };
    expect(podSecurityMessage(rule, run(subject, rule).violations)).toBe(
      'violates PodSecurity "baseline:latest": host namespaces (hostIPC=true), privileged (container "web" must not set securityContext.privileged=true)',
    );
  });
});
