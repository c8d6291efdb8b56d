import { containerPath, containersOf, containersPhrase, dig, digObject, fieldError, goString, inUserNamespace, joinQuote, pluralize, sortedUnique } from './pod.ts';
import type { JsonObject } from '../../core/json.ts';
import type { CheckFn, FieldError, PathSegment } from './types.ts';
import { appendAll } from '../../core/append-all.ts';

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** AppArmor: the field type RuntimeDefault/Localhost, the beta annotation runtime/default, localhost/* or empty. */
export const appArmorProfile: CheckFn = ({ metadata, spec }) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  const errors: FieldError[] = [];
  const podProfile = digObject(spec, 'securityContext', 'appArmorProfile');
  if (podProfile !== undefined) {
    const type = goString(podProfile, 'type');
    if (type !== 'RuntimeDefault' && type !== 'Localhost') {
      setters.push('pod');
      badValues.push(type);
      errors.push(fieldError(['spec', 'securityContext', 'appArmorProfile', 'type'], type));
    }
  }
  const badContainers: string[] = [];
  for (const c of containersOf(spec)) {
    const profile = digObject(c.container, 'securityContext', 'appArmorProfile');
    if (profile === undefined) continue;
    const type = goString(profile, 'type');
    if (type === 'RuntimeDefault' || type === 'Localhost') continue;
    badContainers.push(c.name);
    badValues.push(type);
    errors.push(fieldError(containerPath(c, 'securityContext', 'appArmorProfile', 'type'), type));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  const annotations = digObject(metadata, 'annotations') ?? {};
  const forbiddenAnnotations: string[] = [];
  for (const [key, raw] of Object.entries(annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const value = typeof raw === 'string' ? raw : '';
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    forbiddenAnnotations.push(`${key}=${JSON.stringify(value)}`);
    errors.push(fieldError(['metadata', 'annotations', { key }], value));
  }
  const valueList = sortedUnique(badValues);
  if (forbiddenAnnotations.length > 0) {
    appendAll(valueList, sortedUnique(forbiddenAnnotations));
    setters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
    errors,
  };
};

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

/** SELinux: type from the allowed set, no user, no role. */
function seLinuxOptions(allowedTypes: readonly string[]): CheckFn {
  const allowed = new Set(allowedTypes);
  return ({ spec }) => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const errors: FieldError[] = [];
    const inspect = (options: JsonObject, at: PathSegment[]): boolean => {
      let valid = true;
      const type = goString(options, 'type');
      if (!allowed.has(type)) {
        valid = false;
        badTypes.push(type);
        errors.push(fieldError([...at, 'type'], type));
      }
      for (const [field, mark] of [['user', () => (setUser = true)], ['role', () => (setRole = true)]] as const) {
        const value = goString(options, field);
        if (value === '') continue;
        valid = false;
        mark();
        errors.push(fieldError([...at, field], value));
      }
      return valid;
    };
    const podOptions = digObject(spec, 'securityContext', 'seLinuxOptions');
    if (podOptions !== undefined && !inspect(podOptions, ['spec', 'securityContext', 'seLinuxOptions'])) setters.push('pod');
    const badContainers: string[] = [];
    for (const c of containersOf(spec)) {
      const options = digObject(c.container, 'securityContext', 'seLinuxOptions');
      if (options !== undefined && !inspect(options, containerPath(c, 'securityContext', 'seLinuxOptions'))) badContainers.push(c.name);
    }
    if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
    if (setters.length === 0) return undefined;
    const data: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      errors,
    };
  };
}

export const seLinuxOptions1_0 = seLinuxOptions(SELINUX_TYPES_1_0);
export const seLinuxOptions1_31 = seLinuxOptions(SELINUX_TYPES_1_31);

/** Restricted runAsNonRoot: true on the pod, or on every container; from 1.35 user-namespace pods are exempt. */
function runAsNonRoot(relaxUserNamespaces: boolean): CheckFn {
  return ({ spec }) => {
    if (relaxUserNamespaces && inUserNamespace(spec)) return undefined;
    const setters: string[] = [];
    const errors: FieldError[] = [];
    const podValue = dig(spec, 'securityContext', 'runAsNonRoot');
    if (podValue === false) {
      setters.push('pod');
      errors.push(fieldError(['spec', 'securityContext', 'runAsNonRoot'], 'false'));
    }
    const podNonRoot = podValue === true;
    const explicit: string[] = [];
    const implicit: string[] = [];
    const implicitErrors: FieldError[] = [];
    for (const c of containersOf(spec)) {
      const value = dig(c.container, 'securityContext', 'runAsNonRoot');
      if (value !== undefined && value !== null) {
        if (value === false) {
          explicit.push(c.name);
          errors.push(fieldError(containerPath(c, 'securityContext', 'runAsNonRoot'), 'false'));
        }
      } else if (!podNonRoot) {
        implicit.push(c.name);
        implicitErrors.push(fieldError(containerPath(c, 'securityContext', 'runAsNonRoot')));
      }
    }
    if (explicit.length > 0) setters.push(containersPhrase(explicit));
    // The admission controller words the explicit offenders first and only; every offending field is kept.
    const detail =
      setters.length > 0
        ? `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`
        : implicit.length > 0
          ? `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`
          : undefined;
    if (detail === undefined) return undefined;
    return { reason: 'runAsNonRoot != true', detail, errors: [...errors, ...implicitErrors] };
  };
}

export const runAsNonRoot1_0 = runAsNonRoot(false);
export const runAsNonRoot1_35 = runAsNonRoot(true);

/** Restricted runAsUser: never 0; from 1.35 user-namespace pods are exempt. */
function runAsUser(relaxUserNamespaces: boolean): CheckFn {
  return ({ spec }) => {
    if (relaxUserNamespaces && inUserNamespace(spec)) return undefined;
    const setters: string[] = [];
    const errors: FieldError[] = [];
    if (dig(spec, 'securityContext', 'runAsUser') === 0) {
      setters.push('pod');
      errors.push(fieldError(['spec', 'securityContext', 'runAsUser'], '0'));
    }
    const bad = containersOf(spec).filter((c) => dig(c.container, 'securityContext', 'runAsUser') === 0);
    if (bad.length > 0) {
      setters.push(containersPhrase(bad.map((c) => c.name)));
      for (const c of bad) errors.push(fieldError(containerPath(c, 'securityContext', 'runAsUser'), '0'));
    }
    if (setters.length === 0) return undefined;
    return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, errors };
  };
}

export const runAsUser1_23 = runAsUser(false);
export const runAsUser1_35 = runAsUser(true);

