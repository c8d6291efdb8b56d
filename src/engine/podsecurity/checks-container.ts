import { containerPath, containersOf, containersPhrase, dig, digArray, digObject, fieldError, goString, inUserNamespace, isTrue, isWindowsPod, joinQuote, pluralize, sortedUnique } from './pod.ts';
import type { CheckFn, ContainerRef, FieldError } from './types.ts';
import { appendAll } from '../../core/append-all.ts';

/** securityContext.privileged must not be true. */
export const privileged: CheckFn = ({ spec }) => {
  const bad = containersOf(spec).filter((c) => isTrue(dig(c.container, 'securityContext', 'privileged')));
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
    errors: bad.map((c) => fieldError(containerPath(c, 'securityContext', 'privileged'), 'true')),
  };
};

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function addedCapabilities(c: ContainerRef): string[] {
  return digArray(c.container, 'securityContext', 'capabilities', 'add').map((v) => (typeof v === 'string' ? v : String(v)));
}

/** Baseline: capabilities.add only from the default set. */
export const capabilitiesBaseline: CheckFn = ({ spec }) => {
  const names: string[] = [];
  const forbidden: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containersOf(spec)) {
    const bad = addedCapabilities(c).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (bad.length === 0) continue;
    names.push(c.name);
    appendAll(forbidden, bad);
    errors.push(fieldError(containerPath(c, 'securityContext', 'capabilities', 'add'), ...bad));
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(names)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`,
    errors,
  };
};

/** Restricted: drop ALL, add at most NET_BIND_SERVICE. From 1.25 Windows pods are exempt. */
function capabilitiesRestricted(exemptWindows: boolean): CheckFn {
  return ({ spec }) => {
    if (exemptWindows && isWindowsPod(spec)) return undefined;
    const missingDrop: string[] = [];
    const adding: string[] = [];
    const forbidden: string[] = [];
    const errors: FieldError[] = [];
    for (const c of containersOf(spec)) {
      const capabilities = digObject(c.container, 'securityContext', 'capabilities');
      if (capabilities === undefined) {
        missingDrop.push(c.name);
        errors.push(fieldError(containerPath(c, 'securityContext', 'capabilities', 'drop')));
        continue;
      }
      const drop = digArray(capabilities, 'drop').map((v) => String(v));
      if (!drop.includes('ALL')) {
        missingDrop.push(c.name);
        errors.push(fieldError(containerPath(c, 'securityContext', 'capabilities', 'drop'), ...drop));
      }
      const bad = addedCapabilities(c).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (bad.length > 0) {
        adding.push(c.name);
        appendAll(forbidden, bad);
        errors.push(fieldError(containerPath(c, 'securityContext', 'capabilities', 'add'), ...bad));
      }
    }
    const details: string[] = [];
    if (missingDrop.length > 0) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length > 0) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`);
    if (details.length === 0) return undefined;
    return { reason: 'unrestricted capabilities', detail: details.join('; '), errors };
  };
}

export const capabilitiesRestricted1_22 = capabilitiesRestricted(false);
export const capabilitiesRestricted1_25 = capabilitiesRestricted(true);

/** No hostPort other than 0. */
export const hostPorts: CheckFn = ({ spec }) => {
  const names: string[] = [];
  const ports: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containersOf(spec)) {
    let bad = false;
    digArray(c.container, 'ports').forEach((port, j) => {
      const hostPort = dig(port, 'hostPort');
      if (hostPort === undefined || hostPort === null || hostPort === 0) return;
      bad = true;
      ports.push(String(hostPort));
      errors.push(fieldError(containerPath(c, 'ports', j, 'hostPort'), String(hostPort)));
    });
    if (bad) names.push(c.name);
  }
  if (names.length === 0) return undefined;
  const unique = sortedUnique(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    errors,
  };
};

/** procMount must be unset or Default. */
export const procMountStrict: CheckFn = ({ spec }) => {
  const names: string[] = [];
  const types: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containersOf(spec)) {
    const value = dig(c.container, 'securityContext', 'procMount');
    if (value === undefined || value === null || value === 'Default') continue;
    const text = String(value);
    names.push(c.name);
    types.push(text);
    errors.push(fieldError(containerPath(c, 'securityContext', 'procMount'), text));
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(names)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    errors,
  };
};

/** From 1.35 baseline: any procMount in a user namespace (hostUsers: false). */
export const procMountBaseline1_35: CheckFn = (pod) => (inUserNamespace(pod.spec) ? undefined : procMountStrict(pod));

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;

/** From 1.34: probes and lifecycle handlers must not set a host. */
export const hostProbesAndHostLifecycle: CheckFn = ({ spec }) => {
  const names = new Set<string>();
  const hosts: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containersOf(spec)) {
    const handlers: [string[], unknown][] = [
      ...PROBES.map((p): [string[], unknown] => [[p], dig(c.container, p)]),
      ...HOOKS.map((h): [string[], unknown] => [['lifecycle', h], dig(c.container, 'lifecycle', h)]),
    ];
    for (const [at] of handlers) {
      for (const kind of ['httpGet', 'tcpSocket']) {
        const host = goString(c.container, ...at, kind, 'host');
        if (host === '') continue;
        names.add(c.name);
        hosts.push(host);
        errors.push(fieldError(containerPath(c, ...at, kind, 'host'), host));
      }
    }
  }
  if (names.size === 0) return undefined;
  const sortedNames = sortedUnique(names);
  const uniqueHosts = sortedUnique(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', sortedNames.length)} ${joinQuote(sortedNames)} ${pluralize('uses', 'use', sortedNames.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', uniqueHosts.length)} ${joinQuote(uniqueHosts)}`,
    errors,
  };
};

/** Restricted: allowPrivilegeEscalation must be false on every container; from 1.25 Windows pods are exempt. */
function allowPrivilegeEscalation(exemptWindows: boolean): CheckFn {
  return ({ spec }) => {
    if (exemptWindows && isWindowsPod(spec)) return undefined;
    const names: string[] = [];
    const errors: FieldError[] = [];
    for (const c of containersOf(spec)) {
      const value = dig(c.container, 'securityContext', 'allowPrivilegeEscalation');
      if (value === false) continue;
      names.push(c.name);
      errors.push(fieldError(containerPath(c, 'securityContext', 'allowPrivilegeEscalation'), value === true ? 'true' : undefined));
    }
    if (names.length === 0) return undefined;
    return {
      reason: 'allowPrivilegeEscalation != false',
      detail: `${containersPhrase(names)} must set securityContext.allowPrivilegeEscalation=false`,
      errors,
    };
  };
}

export const allowPrivilegeEscalation1_8 = allowPrivilegeEscalation(false);
export const allowPrivilegeEscalation1_25 = allowPrivilegeEscalation(true);
