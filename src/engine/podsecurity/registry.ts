import * as c from './checks-container.ts';
import * as p from './checks-pod.ts';
import * as pr from './checks-profiles.ts';
import * as s from './checks-seccomp.ts';
import type { CheckDefinition, CheckFn } from './types.ts';

/** The newest policy version the checks know; `latest` and any newer version resolve to it. */
export const LATEST_MINOR = 37;

/**
 * Every Pod Security Standards check with its revisions, in the order the admission controller
 * registers them (by file name). Restricted is baseline, minus the checks a restricted revision
 * overrides, plus the restricted checks.
 */
export const CHECKS: readonly CheckDefinition[] = [
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ minimumMinor: 8, check: c.allowPrivilegeEscalation1_8 }, { minimumMinor: 25, check: c.allowPrivilegeEscalation1_25 }] },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minimumMinor: 0, check: pr.appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minimumMinor: 0, check: c.capabilitiesBaseline }] },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minimumMinor: 22, check: c.capabilitiesRestricted1_22, overrides: ['capabilities_baseline'] },
      { minimumMinor: 25, check: c.capabilitiesRestricted1_25, overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minimumMinor: 0, check: p.hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minimumMinor: 0, check: p.hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minimumMinor: 0, check: c.hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', versions: [{ minimumMinor: 34, check: c.hostProbesAndHostLifecycle }] },
  { id: 'privileged', level: 'baseline', versions: [{ minimumMinor: 0, check: c.privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ minimumMinor: 0, check: c.procMountStrict }, { minimumMinor: 35, check: c.procMountBaseline1_35 }] },
  { id: 'procMount_restricted', level: 'restricted', versions: [{ minimumMinor: 35, check: c.procMountStrict, overrides: ['procMount'] }] },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ minimumMinor: 0, check: p.restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minimumMinor: 0, check: pr.runAsNonRoot1_0 }, { minimumMinor: 35, check: pr.runAsNonRoot1_35 }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minimumMinor: 23, check: pr.runAsUser1_23 }, { minimumMinor: 35, check: pr.runAsUser1_35 }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ minimumMinor: 0, check: pr.seLinuxOptions1_0 }, { minimumMinor: 31, check: pr.seLinuxOptions1_31 }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ minimumMinor: 0, check: s.seccompBaseline1_0 }, { minimumMinor: 19, check: s.seccompBaseline1_19 }] },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minimumMinor: 19, check: s.seccompRestricted1_19, overrides: ['seccompProfile_baseline'] },
      { minimumMinor: 25, check: s.seccompRestricted1_25, overrides: ['seccompProfile_baseline'] },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minimumMinor: 0, check: p.sysctls1_0 },
      { minimumMinor: 27, check: p.sysctls1_27 },
      { minimumMinor: 29, check: p.sysctls1_29 },
      { minimumMinor: 32, check: p.sysctls1_32 },
      { minimumMinor: 37, check: p.sysctls1_37 },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minimumMinor: 0, check: p.windowsHostProcess }] },
];

export interface SelectedCheck {
  id: string;
  check: CheckFn;
}

/** The checks in force for a level at a policy minor version: baseline checks first, then restricted ones. */
export function selectChecks(level: 'baseline' | 'restricted', minor: number, checks: readonly CheckDefinition[] = CHECKS): SelectedCheck[] {
  const resolved = Math.min(minor, LATEST_MINOR);
  const pick = (def: CheckDefinition) => [...def.versions].reverse().find((v) => v.minimumMinor <= resolved);
  const restricted: SelectedCheck[] = [];
  const overridden = new Set<string>();
  if (level === 'restricted') {
    for (const def of checks) {
      if (def.level !== 'restricted') continue;
      const revision = pick(def);
      if (!revision) continue;
      restricted.push({ id: def.id, check: revision.check });
      for (const id of revision.overrides ?? []) overridden.add(id);
    }
  }
  const baseline: SelectedCheck[] = [];
  for (const def of checks) {
    if (def.level !== 'baseline' || overridden.has(def.id)) continue;
    const revision = pick(def);
    if (revision) baseline.push({ id: def.id, check: revision.check });
  }
  return [...baseline, ...restricted];
}
