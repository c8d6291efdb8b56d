/** Kyverno's podSecurity control names and the check IDs each one covers. */
export const CONTROL_CHECK_IDS: Readonly<Record<string, readonly string[]>> = {
  Capabilities: ['capabilities_baseline', 'capabilities_restricted'],
  Seccomp: ['seccompProfile_baseline', 'seccompProfile_restricted'],
  'Privileged Containers': ['privileged'],
  'Host Ports': ['hostPorts'],
  '/proc Mount Type': ['procMount', 'procMount_restricted'],
  'Host Probes / Lifecycle Hooks': ['hostProbesAndHostLifecycle'],
  HostProcess: ['windowsHostProcess'],
  SELinux: ['seLinuxOptions'],
  'Host Namespaces': ['hostNamespaces'],
  'HostPath Volumes': ['hostPathVolumes'],
  Sysctls: ['sysctls'],
  AppArmor: ['appArmorProfile'],
  'Privilege Escalation': ['allowPrivilegeEscalation'],
  'Running as Non-root': ['runAsNonRoot'],
  'Running as Non-root user': ['runAsUser'],
  'Volume Types': ['restrictedVolumes'],
};

/** Controls only the restricted level has (Seccomp and Capabilities span both levels). */
export const RESTRICTED_ONLY_CONTROLS: ReadonlySet<string> = new Set([
  'Volume Types',
  'Privilege Escalation',
  'Running as Non-root',
  'Running as Non-root user',
]);

/** Controls whose exclusions must name images. */
export const CONTAINER_LEVEL_CONTROLS: ReadonlySet<string> = new Set([
  'Capabilities',
  'Privileged Containers',
  'Host Ports',
  '/proc Mount Type',
  'Privilege Escalation',
  'Host Probes / Lifecycle Hooks',
]);

/** Controls whose exclusions must not name images. */
export const POD_LEVEL_CONTROLS: ReadonlySet<string> = new Set(['Host Namespaces', 'HostPath Volumes', 'Sysctls', 'AppArmor', 'Volume Types']);
