import type { JsonObject } from '../../core/json.ts';

/** One step of a field path: an object key, an array index, or a map key (rendered `[key]`). */
export type PathSegment = string | number | { key: string };

/** One offending field, as the Kyverno fork of pod-security-admission reports it. */
export interface FieldError {
  path: PathSegment[];
  /** The disallowed values found at the field, as text ('' values left out). */
  badValues: string[];
}

/** A failed check: the admission controller's reason and detail, plus the offending fields. */
export interface CheckFailure {
  reason: string;
  detail: string;
  errors: FieldError[];
}

/** A check revision: undefined when the pod is allowed. */
export type CheckFn = (pod: PodParts) => CheckFailure | undefined;

export type CheckLevel = 'baseline' | 'restricted';

export interface VersionedCheck {
  /** First policy minor version (1.x) this revision applies to. */
  minimumMinor: number;
  check: CheckFn;
  /** Baseline check IDs this revision replaces when the restricted level is in force. */
  overrides?: string[];
}

export interface CheckDefinition {
  id: string;
  level: CheckLevel;
  /** Strictly increasing minimumMinor. */
  versions: VersionedCheck[];
}

/** The pod as checks see it. */
export interface PodParts {
  metadata: JsonObject;
  spec: JsonObject;
}

/** A container with where it sits in the pod spec. */
export interface ContainerRef {
  list: 'initContainers' | 'containers' | 'ephemeralContainers';
  index: number;
  name: string;
  container: JsonObject;
}
