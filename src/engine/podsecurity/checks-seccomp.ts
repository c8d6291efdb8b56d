import { containerPath, containersOf, containersPhrase, dig, digObject, fieldError, goString, isWindowsPod, joinQuote, sortedUnique } from './pod.ts';
import type { CheckFn, FieldError } from './types.ts';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function allowedAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Before 1.19 seccomp was set by annotations: they must not choose unconfined. */
export const seccompBaseline1_0: CheckFn = ({ metadata, spec }) => {
  const annotations = digObject(metadata, 'annotations') ?? {};
  const forbidden: string[] = [];
  const errors: FieldError[] = [];
  const inspect = (key: string): void => {
    const raw = annotations[key];
    if (raw === undefined) return;
    const value = typeof raw === 'string' ? raw : '';
    if (allowedAnnotation(value)) return;
    forbidden.push(`${key}=${JSON.stringify(value)}`);
    errors.push(fieldError(['metadata', 'annotations', { key }], value));
  };
  inspect(POD_ANNOTATION);
  for (const c of containersOf(spec)) inspect(CONTAINER_ANNOTATION_PREFIX + c.name);
  if (forbidden.length === 0) return undefined;
  const list = sortedUnique(forbidden);
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${list.length === 1 ? 'annotation' : 'annotations'} ${list.join(', ')}`,
    errors,
  };
};

/** From 1.19 baseline: seccompProfile.type, where set, must not be Unconfined (RuntimeDefault or Localhost). */
export const seccompBaseline1_19: CheckFn = ({ spec }) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  const errors: FieldError[] = [];
  const podProfile = digObject(spec, 'securityContext', 'seccompProfile');
  if (podProfile !== undefined) {
    const type = goString(podProfile, 'type');
    if (type !== 'RuntimeDefault' && type !== 'Localhost') {
      setters.push('pod');
      badValues.push(type);
      errors.push(fieldError(['spec', 'securityContext', 'seccompProfile', 'type'], type));
    }
  }
  const bad: string[] = [];
  for (const c of containersOf(spec)) {
    const profile = digObject(c.container, 'securityContext', 'seccompProfile');
    if (profile === undefined) continue;
    const type = goString(profile, 'type');
    if (type === 'RuntimeDefault' || type === 'Localhost') continue;
    bad.push(c.name);
    badValues.push(type);
    errors.push(fieldError(containerPath(c, 'securityContext', 'seccompProfile', 'type'), type));
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
    errors,
  };
};

/** Restricted: RuntimeDefault or Localhost on the pod, or on every container; from 1.25 Windows pods are exempt. */
function seccompRestricted(exemptWindows: boolean): CheckFn {
  return ({ spec }) => {
    if (exemptWindows && isWindowsPod(spec)) return undefined;
    const setters: string[] = [];
    const badValues: string[] = [];
    const errors: FieldError[] = [];
    let podSet = false;
    const podProfile = digObject(spec, 'securityContext', 'seccompProfile');
    if (podProfile !== undefined) {
      const type = goString(podProfile, 'type');
      if (type === 'RuntimeDefault' || type === 'Localhost') podSet = true;
      else {
        setters.push('pod');
        badValues.push(type);
        errors.push(fieldError(['spec', 'securityContext', 'seccompProfile', 'type'], type));
      }
    }
    const explicit: string[] = [];
    const implicit: string[] = [];
    const implicitErrors: FieldError[] = [];
    for (const c of containersOf(spec)) {
      const profile = dig(c.container, 'securityContext', 'seccompProfile');
      if (profile !== undefined && profile !== null) {
        const type = goString(profile, 'type');
        if (type === 'RuntimeDefault' || type === 'Localhost') continue;
        explicit.push(c.name);
        badValues.push(type);
        errors.push(fieldError(containerPath(c, 'securityContext', 'seccompProfile', 'type'), type));
      } else if (!podSet) {
        implicit.push(c.name);
        implicitErrors.push(fieldError(containerPath(c, 'securityContext', 'seccompProfile', 'type')));
      }
    }
    if (explicit.length > 0) setters.push(containersPhrase(explicit));
    // The admission controller words the explicit offenders first and only; every offending field is kept.
    const detail =
      setters.length > 0
        ? `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`
        : implicit.length > 0
          ? `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`
          : undefined;
    if (detail === undefined) return undefined;
    return { reason: 'seccompProfile', detail, errors: [...errors, ...implicitErrors] };
  };
}

export const seccompRestricted1_19 = seccompRestricted(false);
export const seccompRestricted1_25 = seccompRestricted(true);
