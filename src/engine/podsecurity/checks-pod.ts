import { containerPath, containersOf, containersPhrase, dig, digArray, fieldError, goString, isTrue, joinQuote, pluralize, sortedUnique } from './pod.ts';
import type { CheckFailure, CheckFn, FieldError, PodParts } from './types.ts';
import { volumesOf } from './volumes.ts';

/** hostNetwork, hostPID, hostIPC must be unset or false. */
export const hostNamespaces: CheckFn = ({ spec }) => {
  const found: string[] = [];
  const errors: FieldError[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (isTrue(spec[field])) {
      found.push(`${field}=true`);
      errors.push(fieldError(['spec', field], 'true'));
    }
  }
  if (found.length === 0) return undefined;
  return { reason: 'host namespaces', detail: found.join(', '), errors };
};

/** No hostPath volumes. */
export const hostPathVolumes: CheckFn = ({ spec }) => {
  const bad = volumesOf(spec).filter((v) => v.sources.includes('hostPath'));
  if (bad.length === 0) return undefined;
  const names = bad.map((v) => v.name);
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    errors: bad.map((v) => fieldError(['spec', 'volumes', v.index, 'hostPath'])),
  };
};

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** Only the safe sysctls; the list grows with the policy version. */
function sysctlsCheck(allowed: readonly string[]): CheckFn {
  const safe = new Set(allowed);
  return ({ spec }) => {
    const names: string[] = [];
    const errors: FieldError[] = [];
    digArray(spec, 'securityContext', 'sysctls').forEach((sysctl, i) => {
      const name = goString(sysctl, 'name');
      if (safe.has(name)) return;
      names.push(name);
      errors.push(fieldError(['spec', 'securityContext', 'sysctls', i, 'name'], name));
    });
    if (names.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: names.join(', '), errors };
  };
}

export const sysctls1_0 = sysctlsCheck(SYSCTLS_1_0);
export const sysctls1_27 = sysctlsCheck(SYSCTLS_1_27);
export const sysctls1_29 = sysctlsCheck(SYSCTLS_1_29);
export const sysctls1_32 = sysctlsCheck(SYSCTLS_1_32);
export const sysctls1_37 = sysctlsCheck(SYSCTLS_1_37);

/** windowsOptions.hostProcess must not be true, on the pod or any container. */
export const windowsHostProcess: CheckFn = ({ spec }: PodParts): CheckFailure | undefined => {
  const setters: string[] = [];
  const errors: FieldError[] = [];
  if (isTrue(dig(spec, 'securityContext', 'windowsOptions', 'hostProcess'))) {
    setters.push('pod');
    errors.push(fieldError(['spec', 'securityContext', 'windowsOptions', 'hostProcess'], 'true'));
  }
  const bad = containersOf(spec).filter((c) => isTrue(dig(c.container, 'securityContext', 'windowsOptions', 'hostProcess')));
  if (bad.length > 0) {
    setters.push(containersPhrase(bad.map((c) => c.name)));
    for (const c of bad) errors.push(fieldError(containerPath(c, 'securityContext', 'windowsOptions', 'hostProcess'), 'true'));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    errors,
  };
};

const RESTRICTED_ALLOWED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** Restricted: only the nine inline volume types. */
export const restrictedVolumes: CheckFn = ({ spec }) => {
  const names: string[] = [];
  const types: string[] = [];
  const errors: FieldError[] = [];
  for (const volume of volumesOf(spec)) {
    if (volume.sources.some((s) => RESTRICTED_ALLOWED_VOLUMES.has(s))) continue;
    const type = volume.sources[0] ?? 'unknown';
    names.push(volume.name);
    types.push(type);
    errors.push(fieldError(['spec', 'volumes', volume.index, type]));
  }
  if (names.length === 0) return undefined;
  const uniqueTypes = sortedUnique(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', uniqueTypes.length)} ${joinQuote(uniqueTypes)}`,
    errors,
  };
};

